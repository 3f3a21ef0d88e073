// collect.test.js — the 年报 collection of issue 10 in a real browser (playwright-core driving Debian's
// chromium), used with the keyboard only: the supervisor logs in, filters the collection by state and
// sorts it by a column without a mouse, uploads three of the demo's external reports (the file
// chooser is the one step a script fills), confirms the unsure match on the batch page and finds the
// received states in the collection. axe-core finds no serious or critical issue on the collection,
// upload, batch and notices pages at 1280 and 375 px, and none of them scrolls sideways at 375 px.
// No console or CSP errors. Environment: GONGKAI (binary), SRC (repo root). Started by
// tests/e2e/browser_collect.sh.
'use strict';
const path = require('path');
const { check, startServer, launch, scanBothWidths, shutdown, firstPage, checkConsole } = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');
const uploads = path.join(process.env.SRC || path.join(__dirname, '../..'), 'data/demo-reports/upload');

// Presses Tab until the element matching selector has the focus (at most 80 times).
async function tabTo(page, selector) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return true;
  }
  return false;
}

async function main() {
  const { server, base, work, passwords } = await startServer(gongkai, 'gk-browser-collect-');
  const context = await launch(work);
  const consoleErrors = [];
  try {
    const page = await firstPage(context, consoleErrors);

    // ---- log in with the keyboard ----
    await page.goto(base + '/login');
    check('login: username reached by Tab', await tabTo(page, 'input[name="name"]'));
    await page.keyboard.type('supervisor');
    await page.keyboard.press('Tab');
    await page.keyboard.type(passwords.supervisor);
    await page.keyboard.press('Enter');
    await page.waitForURL(base + '/admin');

    const collection = `${base}/admin/supervise/reports?agency=1&year=2025`;
    await scanBothWidths(page, collection, '年报收集');
    await page.goto(collection);
    const rows = page.locator('table tbody tr');
    check('collection lists 20 agencies', await rows.count() === 20, `${await rows.count()}`);

    // ---- filter by state: select and submit with the keyboard ----
    check('state filter reached by Tab', await tabTo(page, 'select#state'));
    for (let i = 0; i < 10 && await page.locator('select#state').inputValue() !== 'external_missing'; i++)
      await page.keyboard.press('ArrowDown');
    check('state chosen with arrow keys', await page.locator('select#state').inputValue() === 'external_missing');
    await page.keyboard.press('Tab'); // the hidden sort field is skipped: the button
    await page.keyboard.press('Enter');
    await page.waitForURL(/state=external_missing/);
    const states = await rows.locator('td:nth-child(2)').allTextContents();
    check('filtered to the missing ones', states.length === 11 && states.every((s) => s === '未收到（外部）'),
      states.join(','));

    // ---- sort by 机关 with the keyboard: the header says how it is sorted ----
    check('sort link reached by Tab', await tabTo(page, 'th a[href*="sort=name"]'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=name/);
    check('sorted ascending, announced', await page.locator('th[aria-sort="ascending"]').count() === 1);
    const names = await rows.locator('th').allTextContents();
    check('sorted by name, filter kept', names.length === 11 &&
      names.every((n, i) => i === 0 || names[i - 1].localeCompare(n, 'en') <= 0), names.join(','));

    // ---- upload three files ----
    const upload = `${base}/admin/supervise/upload?agency=1&year=2025`;
    await scanBothWidths(page, upload, '上传外部年报');
    await page.goto(upload);
    check('file input reached by Tab', await tabTo(page, 'input#file'));
    await page.locator('input#file').setInputFiles(
      ['yanglou.txt', 'runan.pdf', 'xierhe.docx'].map((f) => path.join(uploads, f)));
    check('submit reached by Tab', await tabTo(page, 'button[type="submit"]'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/supervise\/batch\?id=\d+/);
    const batch = page.url();
    check('batch summary', (await page.locator('[role="status"]').textContent()).includes('已接收 2 个，待确认 1 个'));
    await scanBothWidths(page, batch, '批次结果');
    await page.goto(batch);
    check('confirm choice reached by Tab', await tabTo(page, 'select[name="agency_id"]'));
    check('the guess is preselected',
      (await page.locator('select[name="agency_id"] option:checked').textContent()).includes('汝州市杨楼镇人民政府'));
    await page.keyboard.press('Tab');
    // the form posts back to the batch page, whose URL the page already has: wait for the new document
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    check('confirmed', (await page.locator('[role="status"]').textContent()).includes('已接收 3 个，待确认 0 个'));

    await page.goto(collection + '&state=external_received');
    const received = await rows.locator('th').allTextContents();
    check('received ones listed', ['汝州市杨楼镇人民政府（外部）', '汝州市汝南街道办事处（外部）', '汝州市洗耳河街道办事处（外部）']
      .every((n) => received.includes(n)), received.join(','));

    await scanBothWidths(page, `${base}/admin/supervise/notices?year=2025`, '整改通知');
    checkConsole(consoleErrors);
  } finally {
    await shutdown(context, server, work);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
