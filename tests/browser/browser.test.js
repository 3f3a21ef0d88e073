// browser.test.js — the portal and back office in a real browser (playwright-core driving Debian's
// /usr/bin/chromium): log in, see the workbench, log out; keyboard skip link; 长者模式; no horizontal
// scroll at 375 px; no console/CSP errors; and axe-core scans (WCAG 2.1 A/AA) of the home, login and
// workbench pages with no serious or critical violations.
// Environment: GONGKAI (binary). Started by tests/e2e/browser.sh.
'use strict';
const { check, startServer, launch, axeScan, shutdown, firstPage, checkConsole } = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');

async function main() {
  const { server, base, work, passwords } = await startServer(gongkai, 'gk-browser-');
  const password = passwords.admin;
  const context = await launch(work);
  const consoleErrors = [];
  try {
    const page = await firstPage(context, consoleErrors);

    // home page, keyboard skip link, axe
    let resp = await page.goto(base + '/');
    check('home 200', resp.status() === 200);
    check('home title', (await page.title()).includes('汝州市钟楼街道办事处'));
    await page.keyboard.press('Tab');
    check('first Tab focuses the skip link',
      (await page.evaluate(() => document.activeElement.textContent)) === '跳转到主要内容');
    await page.keyboard.press('Enter');
    check('skip link moves to main', (await page.evaluate(() => location.hash)) === '#main');
    check('stylesheet applied', (await page.evaluate(() =>
      getComputedStyle(document.querySelector('.site-header')).backgroundColor)) !== 'rgba(0, 0, 0, 0)');
    await axeScan(page, 'home');

    // 375 px: no horizontal scrolling
    await page.setViewportSize({ width: 375, height: 800 });
    for (const p of ['/', '/info', '/info/guide', '/apply/new', '/login']) {
      await page.goto(base + p);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      check(`375px ${p}: no horizontal scroll`, w <= 375, `scrollWidth ${w}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // 长者模式 without JavaScript: a plain link, kept by cookie
    await page.goto(base + '/info/guide');
    await page.click('text=长者模式');
    check('elder mode returns to the page', page.url() === base + '/info/guide');
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    check('elder mode text >= 18px', size >= 18, `${size}px`);
    await page.goto(base + '/');
    check('elder mode persists', await page.evaluate(() => document.documentElement.classList.contains('elder')));
    await axeScan(page, 'home (长者模式)');
    await page.click('text=退出长者模式');

    // login page, wrong password, then the real one
    resp = await page.goto(base + '/login');
    await axeScan(page, 'login');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    check('wrong password shows an alert', await page.locator('[role=alert]').count() === 1);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(base + '/admin');
    check('login lands on the workbench', (await page.locator('h1').textContent()) === '工作台');
    check('workbench shows my tasks', await page.getByRole('heading', { name: '我的任务' }).count() === 1);
    check('session cookie is HttpOnly',
      (await context.cookies()).some((c) => c.name === 'gk_session' && c.httpOnly && c.sameSite === 'Lax'));
    await axeScan(page, 'workbench');
    await page.click('text=用户管理');
    check('user management lists the demo accounts', await page.locator('td', { hasText: 'reviewer' }).count() >= 1);

    // logout
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login\?out=1$/);
    check('logout confirms', (await page.locator('[role=status]').textContent()).includes('您已安全退出'));
    await page.goto(base + '/admin');
    check('after logout the workbench asks for login', /\/login\?next=\/admin$/.test(page.url()));

    checkConsole(consoleErrors);
  } finally {
    await shutdown(context, server, work);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
