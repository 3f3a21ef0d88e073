// portal_meta.test.js — item metadata in a real browser (playwright-core driving Debian's chromium): the
// editor repeals a 规范性文件 through the form on its page, naming the 替代文件 by its 索引号, and the
// public page's banner links to it (followed by a click); the editor changes an item's 主题分类 and the
// public 主题分类 navigation leads to it; the edit form offers 发布机构 as a select of the agency tree;
// the administrator sets the 索引号 pattern, adds a 主题分类 and writes why an empty statutory category is empty, which
// /info/statutory then shows. Every page involved gets axe-core (no serious or critical issue) at 1280
// and 375 px and no sideways scrolling at 375 px. No console or CSP errors.
// Environment: GONGKAI (binary). Started by tests/e2e/browser_portal_meta.sh.
'use strict';
const { execFileSync } = require('child_process');
const { check, startServer, launch, scanBothWidths, login, logout, shutdown, firstPage, checkConsole, submitAndLoad } = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

async function main() {
  const { server, base, db, work, passwords } = await startServer(gongkai, 'gk-browser-meta-');
  const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, q], { encoding: 'utf8' }).trim();
  const normative = "FROM info_item WHERE doc_type = 'normative' AND status = 'published' ORDER BY id";
  const oldId = sql(`SELECT id ${normative} LIMIT 1`);
  const newId = sql(`SELECT id ${normative} DESC LIMIT 1`);
  const newIndex = sql(`SELECT index_no FROM info_item WHERE id = ${newId}`);
  const context = await launch(work);
  const consoleErrors = [];
  try {
    const page = await firstPage(context, consoleErrors);

    // ---- the editor: repeal with 替代文件, 主题分类, 发布机构 ----
    await login(page, base, 'editor', passwords.editor);
    await scanBothWidths(page, `${base}/admin/info/view?id=${oldId}`, 'item page with 主题分类与有效性');
    await page.getByLabel('有效性').selectOption('repealed');
    await page.getByLabel('废止或失效日期').fill(today);
    await page.getByLabel(/替代文件的索引号/).fill(newIndex);
    // the form posts back to the page it is on: wait for the new document, not for the URL
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '保存有效性' }).click()]);
    check('back on the item page', page.url() === `${base}/admin/info/view?id=${oldId}`, page.url());
    check('validity saved', sql(`SELECT validity || ':' || replaced_by FROM info_item WHERE id = ${oldId}`) === `repealed:${newId}`);
    await page.getByLabel('主题分类').selectOption('16');
    // the form posts back to the page it is on: wait for the new document, not for the URL
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '保存主题分类' }).click()]);
    check('back on the item page', page.url() === `${base}/admin/info/view?id=${oldId}`, page.url());
    check('theme saved', sql(`SELECT theme_code FROM info_item WHERE id = ${oldId}`) === '16');
    await scanBothWidths(page, `${base}/admin/info/edit`, 'edit form with 发布机构');
    const publishers = await page.$$eval('select#publisher option', (os) => os.map((o) => o.value));
    check('发布机构 from the agency tree', publishers.includes('汝州市钟楼街道办事处') && publishers.includes('汝州市人民政府') &&
      !publishers.includes('汝州市财政局'), publishers.join(','));
    await logout(page);

    // ---- the public: banner and link, 主题分类 navigation ----
    await scanBothWidths(page, `${base}/info/item/${oldId}`, 'repealed item');
    check('banner says 废止', await page.locator('.validity-banner strong', { hasText: '本文件已废止' }).count() === 1);
    await page.locator('.validity-banner a').click();
    await page.waitForURL(`${base}/info/item/${newId}`);
    check('banner link leads to the 替代文件', page.url() === `${base}/info/item/${newId}`);
    await scanBothWidths(page, `${base}/info`, '目录 with 主题分类');
    await page.locator('nav.info-themes a', { hasText: '公安、安全、司法' }).click();
    await page.waitForURL(/theme=16/);
    check('theme page lists the item', await page.locator(`table.info-list a[href="/info/item/${oldId}"]`).count() === 1);
    await scanBothWidths(page, page.url(), '主题分类 page');

    // ---- the administrator: 主题分类 list, reasons for empty statutory categories ----
    await login(page, base, 'admin', passwords.admin);
    await scanBothWidths(page, `${base}/admin/info/settings`, '主动公开设置');
    await page.getByLabel('索引号规则').fill('RZ-{year}-{serial:4}');
    await submitAndLoad(page, () => page.getByRole('button', { name: '保存设置' }).click());
    check('/admin/info/settings after saving', page.url() === `${base}/admin/info/settings`);
    check('索引号规则 saved', await page.getByLabel('索引号规则').inputValue() === 'RZ-{year}-{serial:4}');
    await scanBothWidths(page, `${base}/admin/info/themes`, '主题分类 list');
    await page.getByLabel(/主题代码/).fill('X1');
    await page.getByLabel('主题名称').fill('基层治理');
    await submitAndLoad(page, () => page.getByRole('button', { name: '加入主题分类' }).click());
    check('/admin/info/themes after saving', page.url() === `${base}/admin/info/themes`);
    check('theme added', await page.locator('td', { hasText: '基层治理' }).count() >= 1);
    await scanBothWidths(page, `${base}/admin/info/statutory`, '空栏目说明');
    const reason = '本街道未设立行政事业性收费项目（2026年核实）。';
    await page.getByLabel('“行政事业性收费”暂无信息的说明').fill(reason);
    await submitAndLoad(page, () => page.locator('form', { has: page.getByLabel('“行政事业性收费”暂无信息的说明') })
      .getByRole('button', { name: '保存说明' }).click());
    check('/admin/info/statutory after saving', page.url() === `${base}/admin/info/statutory`);
    await logout(page);
    await scanBothWidths(page, `${base}/info/statutory`, '法定主动公开内容');
    check('reason on the portal', await page.locator('.empty-note', { hasText: reason }).count() === 1);
    checkConsole(consoleErrors);
  } finally {
    await shutdown(context, server, work);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
