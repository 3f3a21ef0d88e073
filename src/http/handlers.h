/* handlers.h — the page and API handlers named in the route table (routes.c). One file per area:
 * page_portal.c (public portal and assets), page_login.c (login, logout, password),
 * page_admin.c (back office), api.c (JSON API). Each returns the HTTP status (see router.h). */
#ifndef GONGKAI_HTTP_HANDLERS_H
#define GONGKAI_HTTP_HANDLERS_H

#include "http/req.h"

int page_home(struct req *r);
int page_guide(struct req *r);
int page_catalog(struct req *r);
int page_apply(struct req *r);
int page_rules(struct req *r);
int page_sitemap(struct req *r);
int page_contact(struct req *r);
int page_elder(struct req *r);
int page_asset(struct req *r);
int page_robots(struct req *r);

int page_login_form(struct req *r);
int page_login_submit(struct req *r);
int page_logout(struct req *r);
int page_password_form(struct req *r);
int page_password_submit(struct req *r);

int page_admin_home(struct req *r);
int page_admin_users(struct req *r);
int page_admin_user_add(struct req *r);
int page_admin_user_disable(struct req *r);
/* 访问令牌 (page_tokens.c): list, create (shown once), revoke. */
int page_tokens(struct req *r);
int page_tokens_create(struct req *r);
int page_tokens_revoke(struct req *r);
int page_admin_agencies(struct req *r);
int page_admin_agency_add(struct req *r);
int page_admin_agency_edit_form(struct req *r);
int page_admin_agency_edit(struct req *r);
int page_admin_agency_retire(struct req *r); /* POST /admin/agencies/retire (within the admin's subtree) */

int api_health(struct req *r);
int api_me(struct req *r);

#endif
