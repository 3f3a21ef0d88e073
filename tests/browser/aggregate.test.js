// aggregate.test.js — the aggregated report 汇总年报 (issue 10 item 4) and the trends page (item 5) in a real
// browser (playwright-core driving Debian's chromium), operated with the keyboard only: the 市政府's
// supervisor unticks one part and writes section 五 (Tab, Space, typing, Enter), the sum and the list of
// summed agencies follow; the 市政府's leader approves and the supervisor publishes with the keyboard.
// axe-core finds no serious or critical issue at 1280 and 375 px, no page scrolls sideways at 375 px, and
// there are no console or CSP errors. Environment: GONGKAI (binary). Started by
// tests/e2e/browser_aggregate.sh.
'use strict';
const { execFileSync } = require('child_process');
const { check, startServer, launch, scanBothWidths, login, logout, shutdown, firstPage, checkConsole, submitAndLoad } = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');

// Presses Tab until the focused element matches selector (at most 300 times); true when it got there.
async function tabTo(page, selector) {
  for (let i = 0; i < 300; i++) {
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return true;
    await page.keyboard.press('Tab');
  }
  return false;
}

async function main() {
  const { server, base, db, work, passwords } = await startServer(gongkai, 'gk-browser-aggregate-');
  const city = execFileSync('sqlite3', [db, "SELECT id FROM agency WHERE name = '汝州市人民政府'"], { encoding: 'utf8' }).trim();
  const finance = execFileSync('sqlite3', [db, "SELECT id FROM agency WHERE name = '汝州市财政局'"], { encoding: 'utf8' }).trim();
  const leaderPassword = 'Browser-Aggregate-2026';
  execFileSync(gongkai, ['user', 'add', 'cityleader', '--role', 'leader', '--agency', city, '--password-stdin', '--db', db],
    { input: leaderPassword + '\n' });
  const year = 2023; // the demo 街道 published its 2023 report
  const url = `${base}/admin/supervise/aggregate?agency=${city}&year=${year}`;

  const context = await launch(work);
  const consoleErrors = [];
  try {
    const page = await firstPage(context, consoleErrors);

    await login(page, base, 'supervisor', passwords.supervisor);
    await scanBothWidths(page, url, '汇总年报');
    await page.goto(url);
    check('every part with a report ticked by default',
      await page.locator('input[name=part]:checked').count() === await page.locator('input[name=part]:not([disabled])').count());
    check('the 街道 counts with its published report', (await page.locator('main').textContent()).includes('汝州市钟楼街道办事处（已发布年报）'));

    // keyboard only: untick 财政局, write section 五, save
    check('Tab reaches the 财政局 checkbox', await tabTo(page, `#part-${finance}`));
    await page.keyboard.press('Space');
    check('Space unticks it', !(await page.locator(`#part-${finance}`).isChecked()));
    check('Tab reaches section 五', await tabTo(page, '#problems'));
    await page.keyboard.type('部分单位报送迟缓。');
    check('Tab reaches the save button', await tabTo(page, 'form[action$="/save"] button'));
    await submitAndLoad(page, () => page.keyboard.press('Enter')); // back to the same page
    check('the selection is stored', !(await page.locator(`#part-${finance}`).isChecked()) &&
      (await page.locator('legend').first().textContent()).includes('已保存的选择'));
    const full = await page.locator('section[aria-labelledby=sum-title]').textContent();
    check('section 一 lists the summed agencies without 财政局', full.includes('汇总以下') && !full.includes('汝州市财政局'));
    check('section 五 printed', full.includes('部分单位报送迟缓。'));
    await scanBothWidths(page, `${base}/admin/supervise/trends?agency=${city}&year=${year}`, '逐年与跨单位比较');
    await logout(page);

    // the 市政府's leader approves, its supervisor publishes — with the keyboard
    await login(page, base, 'cityleader', leaderPassword);
    await page.goto(url);
    check('Tab reaches 批准', await tabTo(page, 'form[action$="/approve"] button'));
    await submitAndLoad(page, () => page.keyboard.press('Enter')); // back to the same page
    check('approved', (await page.locator('dl.meta').textContent()).includes('已批准，待发布'));
    await logout(page);
    await login(page, base, 'supervisor', passwords.supervisor);
    await page.goto(url);
    check('Tab reaches 发布', await tabTo(page, 'form[action$="/publish"] button'));
    await submitAndLoad(page, () => page.keyboard.press('Enter')); // back to the same page
    check('published', (await page.locator('dl.meta').textContent()).includes('已发布（第'));
    check('published downloads offered', await page.locator('a[href*="published=1"]').count() === 6);
    await scanBothWidths(page, url, '汇总年报（已发布）');
    await logout(page);

    checkConsole(consoleErrors);
  } finally {
    await shutdown(context, server, work);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
