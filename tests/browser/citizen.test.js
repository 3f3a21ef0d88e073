// citizen.test.js — the applicant's journey of issue 13 in a real browser (playwright-core driving
// Debian's chromium) against a server whose e-mail goes to a local SMTP sink started here (nothing
// leaves the machine): the citizen applies online with a file attached, the success page confirms it,
// counts the file and prints without the site's navigation; the receipt e-mail arrives with the tracking
// number. The query accepts the tracking number and code with spaces and in lower case. On an
// application received two weeks ago the handler asks for a 补正 (what, by when): the e-mail says what;
// the status page shows what and by when; the citizen answers online with text and a file, is told so,
// and the reply deadline moves later (答复期限自收到补正之日起重新计算). The handler sees both files
// on the handling page and downloads one. axe finds no serious or critical issue on the applicant's
// pages and the handling page, at 1280 and 375 px, and none scrolls sideways at 375 px.
// Environment: GONGKAI (binary). Started by tests/e2e/browser_citizen.sh.
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { check, startServer, launch, scanBothWidths, login, logout, shutdown, firstPage, checkConsole } = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');
const lib = path.join(__dirname, '..', 'e2e', 'lib');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR 合同', 'latin1');
const chinaDay = (offsetDays) =>
  new Date(Date.now() + 8 * 3600e3 - offsetDays * 86400e3).toISOString().slice(0, 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let sink;
// Starts the SMTP sink in work/mail before the server; returns the serve arguments that use it.
async function startSink(work) {
  fs.mkdirSync(path.join(work, 'mail'));
  const portFile = path.join(work, 'smtp.port');
  sink = spawn('python3', [path.join(lib, 'smtp_sink.py'), path.join(work, 'mail'), portFile], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').trim()); i++) await sleep(100);
  const port = fs.readFileSync(portFile, 'utf8').trim();
  return ['--set', `smtp_url=smtp://127.0.0.1:${port}`, '--set', 'mail_from=gongkai@example.gov.cn'];
}

// The decoded messages the sink holds, once at least count have arrived (up to 60 s).
async function mails(work, count) {
  const dir = path.join(work, 'mail');
  for (let i = 0; i < 600 && fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).length < count; i++) await sleep(100);
  return execFileSync('python3', [path.join(lib, 'read_mail.py'), dir], { encoding: 'utf8' })
    .split(/^=== /m).filter(Boolean);
}

async function api(base, token, url, body) {
  const res = await fetch(base + url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const dueOn = async (page) => (await page.locator('#status dt:text-is("答复期限") + dd').textContent()).trim();

async function query(page, base, no, code) {
  await page.goto(base + '/apply/query');
  await page.locator('#no').fill(no);
  await page.locator('#code').fill(code);
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForLoadState();
}

async function main() {
  const { server, base, db, work, passwords } = await startServer(gongkai, 'gk-browser-citizen-', startSink);
  const token = execFileSync(gongkai, ['token', 'create', 'handler', '--db', db], { encoding: 'utf8' }).trim().split('\n').pop();
  const context = await launch(work);
  const consoleErrors = [];
  try {
    const page = await firstPage(context, consoleErrors);

    // ---- apply online with a file ----
    await scanBothWidths(page, base + '/apply/new', '在线申请');
    await page.goto(base + '/apply/new');
    await page.locator('#applicant_type').selectOption('natural_person');
    await page.locator('#name').fill('冯十一');
    await page.locator('#id_type').selectOption('resident_id');
    await page.locator('#id_number').fill('11010519491231002X');
    await page.locator('#email').fill('feng@example.cn');
    await page.locator('#description').fill('钟楼街道2025年桂花巷排水改造工程的竣工验收报告');
    await page.locator('#form').selectOption('electronic');
    await page.locator('#delivery').selectOption('email');
    await page.locator('#files').setInputFiles({ name: '身份证明.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForLoadState();
    const no = (await page.locator('#tracking-no').textContent()).trim();
    const code = (await page.locator('#query-code').textContent()).trim();
    check('success announced', (await page.locator('[role=status]').textContent()).includes('已提交'));
    check('the file counted', (await page.locator('#files-count').textContent()) === '已收到 1 个文件');
    await page.emulateMedia({ media: 'print' });
    check('prints without the navigation', !(await page.locator('.main-nav').first().isVisible()));
    check('prints the tracking number and code', await page.locator('#tracking-no').isVisible() &&
      await page.locator('#query-code').isVisible());
    await page.emulateMedia({ media: 'screen' });
    let got = await mails(work, 1);
    check('receipt e-mail with the tracking number',
      got.some((m) => m.includes('TO: feng@example.cn') && m.includes(no)), got.join('\n'));

    // ---- track with a sloppy number and code ----
    await query(page, base, `  ${no.toLowerCase()} `, ` ${code.toLowerCase()}`);
    check('query with spaces and lower case', (await page.locator('#status').textContent()).includes(no));
    await scanBothWidths(page, page.url(), '申请查询');

    // ---- a 补正 on an application received two weeks ago; answered online ----
    const old = (await api(base, token, '/api/v1/applications', {
      agency_id: 2, applicant_type: 'natural_person', name: '冯十一', id_type: 'resident_id',
      id_number: '11010519491231002X', email: 'feng@example.cn', description: '桂花巷排水改造合同',
      form: 'electronic', delivery: 'email', channel: 'in_person', received_on: chinaDay(14),
    })).json;
    await query(page, base, old.tracking_no, old.query_code);
    const before = await dueOn(page);
    const asked = await api(base, token, `/api/v1/applications/${old.tracking_no}/events`,
      { type: 'request_correction', date: chinaDay(0), workdays: 10, note: '请写明合同的签订年份' });
    check('补正 requested', asked.status === 201, JSON.stringify(asked.json));
    got = await mails(work, 3);
    check('补正 e-mail says what to correct',
      got.some((m) => m.includes(old.tracking_no) && m.includes('请写明合同的签订年份')), got.join('\n'));
    await query(page, base, old.tracking_no, old.query_code);
    check('status page: what to correct', (await page.locator('#correction-note').textContent()) === '请写明合同的签订年份');
    check('status page: by when', /^\d{4}-\d{2}-\d{2}$/.test((await page.locator('#correction-by').textContent()).trim()));
    await page.locator('#correction-text').fill('合同于2025年签订。');
    await page.locator('#correction #files').setInputFiles({ name: '合同.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: '在线提交补正' }).click();
    await page.waitForLoadState();
    check('confirmation after the 补正', (await page.locator('[role=status]').textContent()).includes('含附件 1 个'));
    await query(page, base, old.tracking_no, old.query_code);
    const after = await dueOn(page);
    check('the online 补正 moves the due date later', after > before, `${before} → ${after}`);
    check('the 补正 is in the timeline', (await page.locator('#timeline').textContent()).includes(chinaDay(0)));

    // ---- the handler sees and downloads the files ----
    await login(page, base, 'handler', passwords.handler);
    for (const [n, file] of [[no, '身份证明.pdf'], [old.tracking_no, '合同.png']]) {
      await page.goto(`${base}/admin/applications/view?no=${n}`);
      const link = page.locator('#applicant-files a', { hasText: file });
      check(`handler sees ${file}`, await link.count() === 1);
      if (file.endsWith('.pdf')) {
        const res = await page.request.get(base + await link.getAttribute('href'));
        check('handler downloads it', res.status() === 200 && Buffer.compare(await res.body(), PDF) === 0);
      }
    }
    await scanBothWidths(page, `${base}/admin/applications/view?no=${old.tracking_no}`, '办理申请（附件）');
    await logout(page);
    checkConsole(consoleErrors);
  } finally {
    sink.kill();
    await shutdown(context, server, work);
  }
}

main().catch((e) => {
  console.error(e);
  if (sink) sink.kill();
  process.exit(1);
});
