// lib.js — helpers of the browser tests: check() with a tally, a demo server on a free loopback port
// (its passwords parsed from `gongkai init --demo`), chromium through playwright-core, axe-core scans
// (WCAG 2.1 A/AA; serious and critical violations fail), the horizontal-scroll check at a width, and
// login through the real form.
'use strict';
const { chromium } = require('playwright-core');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const tally = { checks: 0, failures: 0 };

function check(name, ok, detail, quiet) {
  tally.checks++;
  if (ok) {
    if (!quiet) console.log(`ok   ${name}`);
  } else {
    tally.failures++;
    console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`);
  }
}

// Starts `gongkai serve` on a demo database in a fresh directory; before(work, db), when given, runs after
// init and before the server starts and returns more arguments of serve (e.g. ['--set', 'smtp_url=…']).
// Returns {server, base, db, work, passwords}.
async function startServer(gongkai, prefix, before) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = path.join(work, 't.db');
  const init = execFileSync(gongkai, ['init', '--db', db, '--demo'], { encoding: 'utf8' });
  const passwords = {};
  for (const m of init.matchAll(/^\s+(\w+)\s+(\S+)\s/gm)) passwords[m[1]] = m[2];
  const portFile = path.join(work, 'port');
  const extra = before ? await before(work, db) : [];
  const server = spawn(gongkai, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--port-file', portFile, ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.on('data', (d) => { log += d; });
  for (let i = 0; i < 200; i++) {
    if (fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').includes('listening on')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const m = /listening on (\S+)/.exec(fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8') : '');
  if (!m) throw new Error('server did not start:\n' + log);
  return { server, base: `http://${m[1]}`, db, work, passwords };
}

// The context's first page; the console errors it logs are pushed onto errors (checkConsole).
async function firstPage(context, errors) {
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`${page.url()}: ${msg.text()}`); });
  return page;
}

// No page logged a console error (a CSP violation is one).
function checkConsole(errors) {
  check('no console or CSP errors', errors.length === 0, errors.join('\n'));
}

async function launch(work) {
  return chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
}

// check() printing only failures, for tests that make thousands of checks (a crawl).
function checkQuiet(name, ok, detail) {
  check(name, ok, detail, true);
}

// Runs axe-core on the page; options.quiet prints only a violation.
async function axeScan(page, name, options = {}) {
  await page.evaluate(axeSource); // through the DevTools protocol: not subject to the page's CSP
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(`axe ${name}: no serious/critical violations`, bad.length === 0,
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; '),
    options.quiet);
}

// Loads url at 1280 and 375 px: axe at both, and no sideways scrolling at 375.
async function scanBothWidths(page, url, name) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    await axeScan(page, `${name} at ${width}px`);
    if (width === 375) {
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      check(`375px ${name}: no horizontal scroll`, w <= 375, `scrollWidth ${w}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function login(page, base, name, password) {
  await page.goto(base + '/login');
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(base + '/admin');
}

async function logout(page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login\?out=1$/);
}

// Runs act (the click or key press that submits a form) and waits for the document the submission
// leads to — also when that document's URL is the page's own, where waitForURL would be satisfied at
// once and race the POST.
async function submitAndLoad(page, act) {
  await Promise.all([page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame()), act()]);
  await page.waitForLoadState('domcontentloaded');
}

// Closes the browser, stops the server, removes the scratch directory and exits with the tally.
async function shutdown(context, server, work) {
  await context.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`${tally.checks - tally.failures} of ${tally.checks} browser checks passed`);
  process.exit(tally.failures ? 1 : 0);
}

module.exports = {
  check, checkQuiet, tally, startServer, launch, firstPage, checkConsole, axeScan, scanBothWidths, login, logout,
  submitAndLoad, shutdown,
};
