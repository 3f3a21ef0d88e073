// portal_crawl.test.js — crawls the demo portal from the home page the way an inspector's tool does
// (国办秘函〔2019〕19号 checks; docs/portal-conventions.md) and asserts, on EVERY public page reached:
//   footer: 政府网站标识码 (10–12 digits or bm+8), ICP number linked to beian.miit.gov.cn, 公网安备
//     number linked to beian.gov.cn with the same 14 digits, the 党政机关网站标识 slot, 主办单位, 网站地图 and 联系我们 links;
//     the footer text is identical on every page;
//   head: lang zh-CN, charset utf-8, <title> with the site name, SiteName/SiteDomain/SiteIDCode (equal
//     to the footer code; SiteDomain is the configured base_url's host, not the Host header sent),
//     ColumnName/ColumnType/ColumnDescription/ColumnKeywords; article pages ArticleTitle equal to the
//     <h1> and PubDate as YYYY-MM-DD HH:MM; item pages label 索引号, 发布机构, 生成日期, 发布日期, 主题分类
//     and 有效性; a repealed item (set up in the data) shows its banner linking the 替代文件;
//   dates: every catalogue row and every dated list entry carries a YYYY-MM-DD date;
//   375 px: no sideways scrolling; axe-core (WCAG 2.1 A/AA): no serious or critical violation;
//   no unmasked 身份证号码; links leaving the site carry the 外部链接 marker;
//   every internal link answers 200/3xx (no 4xx/5xx);
// and once: the columns 政府信息公开指南/制度/法定主动公开内容/政府信息公开年报 are in the navigation,
// 法定主动公开内容 lists all fifteen 第二十条 items each with content or a reason, the home page has a
// search box, dated newest items, the 目录 a 主题分类 navigation and filter, the latest annual report and 政府网站年度工作报表, and sitemap.xml has lastmod on every
// URL and lists the annual reports; every page type fits 640 px (200 % zoom at 1280 px), also in 长者模式.
// Fails on any miss. Environment: GONGKAI (binary).
'use strict';
const { execFileSync } = require('child_process');
const lib = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');
const BASE_URL = 'https://zhonglou.example.gov.cn'; // configured; requests carry another Host
const CONAC_ID = '41048200001'; // 党政机关网站标识 id (configured)
const MAX_ITEM_PAGES = 6; // /info/item/N pages are all alike: a few suffice
const repealed = { old: 0, by: 0 }; // set up by startServer
const check = lib.checkQuiet; // thousands of checks: only failures are printed

// The demo with one repealed 规范性文件 whose 替代文件 is recorded (as the editor does at /admin/info/meta,
// which e2e/portal_meta drives), so the crawl sees the repeal banner with its link; served with a
// configured base_url and 党政机关网站标识 id.
function startServer() {
  return lib.startServer(gongkai, 'gk-crawl-', (work, db) => {
    const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
    const normative = "FROM info_item WHERE doc_type = 'normative' AND status = 'published' ORDER BY id";
    repealed.old = Number(sql(`SELECT id ${normative} LIMIT 1`));
    repealed.by = Number(sql(`SELECT id ${normative} DESC LIMIT 1`));
    sql(`UPDATE info_item SET validity = 'repealed', validity_on = date('now', '+8 hours'), replaced_by = ${repealed.by} ` +
      `WHERE id = ${repealed.old}`);
    return ['--set', `base_url=${BASE_URL}`, '--set', `conac_id=${CONAC_ID}`];
  });
}

// Everything the per-page checks need, read in the page.
function pageFacts() {
  const meta = (n) => { const e = document.querySelector(`meta[name="${n}"]`); return e ? e.content : null; };
  const footer = document.querySelector('footer.site-footer');
  const links = [...document.querySelectorAll('a[href]')].map((a) => ({
    href: a.href, external: a.origin !== location.origin,
    marker: getComputedStyle(a, '::after').content,
  }));
  return {
    lang: document.documentElement.lang,
    charset: document.characterSet,
    title: document.title,
    h1: (document.querySelector('h1') || {}).textContent || '',
    meta: Object.fromEntries(['SiteName', 'SiteDomain', 'SiteIDCode', 'ColumnName', 'ColumnType',
      'ColumnDescription', 'ColumnKeywords', 'ArticleTitle', 'PubDate'].map((n) => [n, meta(n)])),
    footerText: footer ? footer.innerText : '',
    footerLinks: footer ? [...footer.querySelectorAll('a')].map((a) => ({ text: a.textContent, href: a.href })) : [],
    catalogueRows: [...document.querySelectorAll('table.info-list tbody tr')].map((tr) => tr.innerText),
    metaLabels: [...document.querySelectorAll('table.info-meta th')].map((th) => th.textContent),
    datedItems: [...document.querySelectorAll('.dated-list li')].map((li) => {
      const t = li.querySelector('time');
      return t ? t.getAttribute('datetime') : '';
    }),
    bodyText: document.body.innerText,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    links,
  };
}

function checkFooter(url, f, site) {
  const code = /政府网站标识码：(\S+)/.exec(f.footerText);
  check(`${url}: footer 政府网站标识码`, code && /^(\d{10,12}|bm\d{8})$/.test(code[1]), f.footerText);
  check(`${url}: SiteIDCode equals the footer code`, code && f.meta.SiteIDCode === code[1]);
  const icp = f.footerLinks.find((a) => /ICP备\d+号/.test(a.text));
  check(`${url}: ICP number linked to beian.miit.gov.cn`, icp && icp.href === 'https://beian.miit.gov.cn/');
  const police = f.footerLinks.find((a) => /公网安备\s*\d{14}号/.test(a.text));
  const digits = police && /(\d{14})/.exec(police.text)[1];
  check(`${url}: 公网安备 linked with its number`, police &&
    police.href === `http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=${digits}`);
  const conac = f.footerLinks.find((a) => a.text === '党政机关网站标识');
  check(`${url}: 党政机关网站标识 slot linked to its verification page`,
    conac && conac.href === `https://bszs.conac.cn/sitename?method=show&id=${CONAC_ID}`);
  check(`${url}: 主办单位`, f.footerText.includes(`主办单位：${site}`));
  for (const name of ['网站地图', '联系我们'])
    check(`${url}: footer links to ${name}`, f.footerLinks.some((a) => a.text === name));
}

function checkHead(url, f, site) {
  check(`${url}: lang zh-CN`, f.lang === 'zh-CN');
  check(`${url}: charset utf-8`, f.charset.toLowerCase() === 'utf-8');
  check(`${url}: title names the site`, f.title.includes(site), f.title);
  for (const n of ['SiteName', 'SiteIDCode', 'ColumnName', 'ColumnType', 'ColumnDescription', 'ColumnKeywords'])
    check(`${url}: meta ${n}`, !!f.meta[n], JSON.stringify(f.meta));
  check(`${url}: SiteDomain from base_url, not Host`, f.meta.SiteDomain === new URL(BASE_URL).host, f.meta.SiteDomain);
  if (url.startsWith('/info/item/')) // item 19: the labelled metadata fields of an item
    for (const label of ['索引号', '发布机构', '生成日期', '发布日期', '主题分类', '有效性'])
      check(`${url}: metadata ${label}`, f.metaLabels.includes(label), f.metaLabels.join(','));
  if (f.meta.ColumnType === '文章页') {
    check(`${url}: ArticleTitle equals <h1>`, f.meta.ArticleTitle === f.h1.trim(), `${f.meta.ArticleTitle} / ${f.h1}`);
    check(`${url}: PubDate YYYY-MM-DD HH:MM`, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(f.meta.PubDate || ''),
      f.meta.PubDate);
  }
}

function checkContent(url, f, origin) {
  for (const row of f.catalogueRows)
    check(`${url}: catalogue row dated`, /\d{4}-\d{2}-\d{2}/.test(row), row);
  for (const d of f.datedItems)
    check(`${url}: dated list entry`, /^\d{4}-\d{2}-\d{2}$/.test(d), d);
  check(`${url}: no sideways scroll at 375 px`, f.scrollWidth <= f.innerWidth, `scrollWidth ${f.scrollWidth}`);
  const id = f.bodyText.match(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/);
  check(`${url}: no unmasked 身份证号码`, !id, id && id[0]);
  for (const a of f.links.filter((l) => l.external && !l.href.startsWith(origin)))
    check(`${url}: external link ${a.href} marked`, a.marker.includes('外部链接'), a.marker);
}

// Which internal links to follow: public pages only, no paging variants, few item pages.
function follow(href, origin, seen, itemCount) {
  if (!href.startsWith(origin)) return null;
  const u = new URL(href);
  u.hash = '';
  const p = u.pathname;
  if (/^\/(admin|account|login|logout|assets|api|elder|apply\/query)/.test(p)) return null;
  if (u.searchParams.has('page') || u.searchParams.has('print') || /\.(xml|json|pdf|xlsx|txt|md|csv)$/.test(p))
    return null;
  if (p === '/info/feed' || p.startsWith('/info/file/') || /^\/annual\/\d+\/\d+\/report\./.test(p))
    return null; // feeds, attachments and the report's download formats are not portal pages
  if (p.startsWith('/info/item/') && itemCount.n >= MAX_ITEM_PAGES) return null;
  const key = u.pathname + u.search;
  if (seen.has(key)) return null;
  if (p.startsWith('/info/item/')) itemCount.n++;
  seen.add(key);
  return key;
}

async function crawl(page, base) {
  const origin = new URL(base).origin;
  const seen = new Set(['/', `/info/item/${repealed.old}`]);
  const queue = ['/', `/info/item/${repealed.old}`]; // the repeal banner page, whatever the crawl reaches
  const itemCount = { n: 0 };
  let footer = null;
  let site = null;
  let visited = 0;
  while (queue.length && visited < 120) {
    const url = queue.shift();
    const resp = await page.goto(base + url);
    visited++;
    check(`${url}: HTTP 200`, resp && resp.status() === 200, resp && String(resp.status()));
    if (!resp || resp.status() !== 200 || !(resp.headers()['content-type'] || '').startsWith('text/html')) continue;
    const f = await page.evaluate(pageFacts);
    site = site || f.meta.SiteName;
    checkFooter(url, f, site);
    checkHead(url, f, site);
    checkContent(url, f, origin);
    footer = footer === null ? f.footerText : footer;
    check(`${url}: footer identical to the home page's`, f.footerText === footer);
    await lib.axeScan(page, url, { quiet: true });
    for (const l of f.links) {
      const next = follow(l.href, origin, seen, itemCount);
      if (next) queue.push(next);
    }
  }
  return { seen, visited };
}

async function checkColumns(page, base) {
  await page.goto(base + '/');
  const nav = await page.$$eval('nav.main-nav a', (as) => as.map((a) => a.textContent));
  for (const c of ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报'])
    check(`navigation has ${c}`, nav.includes(c), nav.join(','));
  check('home: search box', await page.locator('form[role=search] input[name=q]').count() === 1);
  check('home: newest items with dates', await page.locator('.home-latest .dated-list time').count() >= 5);
  check('home: latest annual report', await page.locator('a[href^="/annual/"]').count() >= 1);
  check('home: 政府网站年度工作报表 linked with its date',
    await page.locator('section[aria-labelledby=site-report-title] .dated-list a[href^="/info/item/"]').count() === 1);
  await page.goto(base + '/info');
  check('目录: 主题分类 navigation', await page.locator('nav.info-themes a[href*="theme="]').count() >= 3);
  check('目录: 主题分类 filter', await page.locator('form[role=search] select[name=theme]').count() === 1);
  await page.goto(`${base}/info/item/${repealed.old}`);
  check('repealed item: banner', await page.locator('.validity-banner strong', { hasText: '本文件已废止' }).count() === 1);
  check('repealed item: banner links the 替代文件',
    await page.locator(`.validity-banner a[href="/info/item/${repealed.by}"]`).count() === 1);
  await page.goto(base + '/info/statutory');
  const items = await page.$$eval('ol.statutory', (ols) => [...ols[0].querySelectorAll(':scope > li')].map((li) => ({
    text: li.innerText, filled: !!li.querySelector('a'), reason: !!li.querySelector('.empty-note') })));
  check('法定主动公开内容: fifteen 第二十条 items', items.length === 15, String(items.length));
  for (const it of items)
    check(`法定主动公开内容: ${it.text.split('\n')[0]} has content or a reason`, it.filled !== it.reason);
  await page.goto(base + '/info/standard');
  const heads = await page.$$eval('table.standard-table th', (ths) => ths.map((t) => t.textContent));
  for (const h of ['公开事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', '公开方式', '公开层级'])
    check(`标准目录 column ${h}`, heads.includes(h));
  const sitemap = await (await page.request.get(base + '/sitemap.xml')).text();
  const urls = sitemap.match(/<url>[\s\S]*?<\/url>/g) || [];
  check('sitemap.xml lists URLs', urls.length > 10, String(urls.length));
  check('sitemap.xml: lastmod on every URL', urls.every((u) => /<lastmod>\d{4}-\d{2}-\d{2}/.test(u)));
  check('sitemap.xml: annual reports', /\/annual\/\d+\/\d{4}</.test(sitemap));
  check('sitemap.xml: absolute URLs on base_url', urls.every((u) => u.includes(`<loc>${BASE_URL}/`)));
}

// Item 44: 200 % browser zoom at 1280 px is a 640 CSS-px viewport: every page type must fit without
// sideways scrolling (the elder mode's larger text included).
async function checkZoom(page, base) {
  const pages = ['/', '/info', `/info/item/${repealed.old}`, '/info/statutory', '/info/standard', '/guide', '/rules',
    '/annual', '/annual/2/2023', '/apply', '/apply/new', '/sitemap', '/contact'];
  await page.setViewportSize({ width: 640, height: 450 });
  for (const elder of [false, true]) {
    if (elder) await page.goto(base + '/elder?on=1&back=/');
    for (const url of pages) {
      await page.goto(base + url);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      check(`${url}: no sideways scroll at 200 % zoom (640 px)${elder ? ' in 长者模式' : ''}`, w <= 640, `scrollWidth ${w}`);
    }
  }
  await page.goto(base + '/elder?on=0&back=/');
  await page.setViewportSize({ width: 375, height: 800 });
}

async function main() {
  const { server, base, work } = await startServer();
  const context = await lib.launch(work);
  const page = context.pages()[0] || await context.newPage();
  await page.setViewportSize({ width: 375, height: 800 });
  const { visited } = await crawl(page, base);
  check('crawl reached the page types', visited >= 30, String(visited));
  await checkColumns(page, base);
  await checkZoom(page, base);
  console.log(`crawled ${visited} pages`);
  await lib.shutdown(context, server, work);
}

main().catch((e) => { console.error(e); process.exit(1); });
