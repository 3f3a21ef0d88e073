/* page_home.h — the living parts of the home page (page_home.c): the site search box, the newest
 * items of each column with their dates, and the latest 政府信息公开年报. */
#ifndef GONGKAI_HTTP_PAGE_HOME_H
#define GONGKAI_HTTP_PAGE_HOME_H

#include "http/req.h"

/* The search form (GET /info?q=). */
void page_home_search(struct req *r);
/* The newest items per column (up to 6 columns, 5 items each, newest column first) with dates, and
 * the date of the newest item; a notice when nothing is published yet. */
void page_home_latest(struct req *r);
/* The latest published 政府信息公开工作年度报告 of the site agency with its date. */
void page_home_annual(struct req *r);
/* The latest 政府网站年度工作报表 (国办函〔2018〕12号; the catalogue column with code WZBB), or a
 * statement that none is published yet. */
void page_home_site_report(struct req *r);
/* The back-office card: columns past their update period (14 days for news, 6 months for others)
 * and columns without any item. Writes nothing when all columns are current. */
void page_home_staleness_card(struct req *r);

#endif
