// browser.test.js — the portal and back office in a real browser (playwright-core driving Debian's
// /usr/bin/chromium): log in, see the workbench, log out; keyboard skip link; 长者模式; no horizontal
// scroll at 375 px; no console/CSP errors; and axe-core scans (WCAG 2.1 A/AA) of the home, login and
// workbench pages with no serious or critical violations.
// Environment: GONGKAI (binary). Started by tests/e2e/browser.sh.
'use strict';
const { chromium } = require('playwright-core');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-browser-'));
let failures = 0;
let checks = 0;

function check(name, ok, detail) {
  checks++;
  if (ok) {
    console.log(`ok   ${name}`);
  } else {
    failures++;
    console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`);
  }
}

async function startServer() {
  const db = path.join(work, 't.db');
  const init = execFileSync(gongkai, ['init', '--db', db, '--demo'], { encoding: 'utf8' });
  const admin = init.split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f[0] === 'admin');
  if (!admin) throw new Error('no admin account in init output:\n' + init);
  const portFile = path.join(work, 'port');
  const server = spawn(gongkai, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--port-file', portFile],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  for (let i = 0; i < 100; i++) {
    if (fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').includes('listening on')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const m = /listening on (\S+)/.exec(fs.readFileSync(portFile, 'utf8'));
  if (!m) throw new Error('server did not start:\n' + log);
  return { server, base: `http://${m[1]}`, password: admin[1] };
}

async function axeScan(page, name) {
  await page.evaluate(axeSource); // evaluated through the DevTools protocol: not subject to the page's CSP
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(`axe ${name}: no serious/critical violations`, bad.length === 0,
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; '));
  const minor = result.violations.filter((v) => !bad.includes(v));
  if (minor.length) console.log(`     (minor: ${minor.map((v) => v.id).join(', ')})`);
}

async function main() {
  const { server, base, password } = await startServer();
  const context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  const consoleErrors = [];
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(`${page.url()}: ${msg.text()}`); });

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

    check('no console or CSP errors', consoleErrors.length === 0, consoleErrors.join('\n'));
  } finally {
    await context.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`${checks - failures} of ${checks} browser checks passed`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
