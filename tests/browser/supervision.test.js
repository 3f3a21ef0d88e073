// supervision.test.js — acting across the agency tree and 督办 (issue 10) in a real browser, by keyboard
// only after the page is loaded (Tab to a control, type, Enter): the supervisor of the root finds the
// 街道's overdue application from the 工作台 and /admin/supervision and sends a 督办 notice from its
// page; the 街道's handler finds the notice on the 工作台 and answers it; the root's administrator picks
// the 街道 in the 代表机关 picker and the annual report page names it in the header and the report.
// axe-core finds no serious or critical issue on each page at 1280 and 375 px, and no page scrolls
// sideways at 375 px. No console or CSP errors.
// Environment: GONGKAI (binary). Started by tests/e2e/browser_supervision.sh.
'use strict';
const { execFileSync } = require('child_process');
const { check, startServer, launch, scanBothWidths, shutdown, firstPage, checkConsole, submitAndLoad } = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');

const chinaDay = (offsetDays) =>
  new Date(Date.now() + 8 * 3600e3 - offsetDays * 86400e3).toISOString().slice(0, 10);

// Presses Tab until the focused element satisfies want (a function of {tag, text, name, id}); false
// when it is not reached within limit presses.
async function tabTo(page, want, limit = 150) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement;
      return a ? { tag: a.tagName, text: (a.textContent || '').trim(), name: a.getAttribute('name') || '', id: a.id } : {};
    });
    if (want(el)) return true;
  }
  return false;
}

async function keyboardLogin(page, base, name, password) {
  await page.goto(base + '/login');
  check(`login: reach 用户名 (${name})`, await tabTo(page, (e) => e.name === 'name'));
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL(base + '/admin'), page.keyboard.press('Enter')]);
}

async function keyboardLogout(page, base) {
  await page.goto(base + '/admin');
  check('logout: reach the button', await tabTo(page, (e) => e.tag === 'BUTTON' && e.text === '退出登录'));
  await Promise.all([page.waitForURL(/\/login\?out=1$/), page.keyboard.press('Enter')]);
}

async function main() {
  const { server, base, db, work, passwords } = await startServer(gongkai, 'gk-browser-supervision-');
  const tree = JSON.parse(execFileSync(gongkai, ['agency', 'list', '--json', '--db', db], { encoding: 'utf8' }));
  const street = tree.find((a) => a.name === '汝州市钟楼街道办事处').id;
  const token = execFileSync(gongkai, ['token', 'create', 'handler', '--db', db], { encoding: 'utf8' }).trim().split('\n').pop();
  const res = await fetch(base + '/api/v1/applications', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      agency_id: street, applicant_type: 'natural_person', name: '周八', id_type: 'resident_id',
      id_number: '11010519491231002X', phone: '13600004321', description: '督办浏览器测试：背街小巷整治验收报告',
      form: 'paper', delivery: 'pickup', channel: 'in_person', received_on: chinaDay(60),
    }),
  });
  const overdue = (await res.json()).tracking_no;
  check('overdue application created', Boolean(overdue));

  const context = await launch(work);
  const consoleErrors = [];
  try {
    const page = await firstPage(context, consoleErrors);

    // ---- the root's supervisor: from the 工作台 to the subordinate's overdue application ----
    await keyboardLogin(page, base, 'supervisor', passwords.supervisor);
    check('工作台 is not empty', await page.locator('text=暂无待办任务').count() === 0);
    await scanBothWidths(page, base + '/admin', '工作台（督查）');
    await page.goto(base + '/admin');
    check('工作台: reach the subtree overdue task',
      await tabTo(page, (e) => e.tag === 'A' && e.text.startsWith('本机关及下级机关已超过答复期限的申请')));
    await Promise.all([page.waitForURL(base + '/admin/supervision'), page.keyboard.press('Enter')]);
    const urgentRow = page.locator('#urgent tbody tr', { hasText: overdue });
    check('督办 list names the 街道 and the overdue application',
      (await urgentRow.count()) === 1 && (await urgentRow.textContent()).includes('汝州市钟楼街道办事处'));
    await scanBothWidths(page, base + '/admin/supervision', '督办');
    await page.goto(base + '/admin/supervision');
    check('督办 list: reach the application', await tabTo(page, (e) => e.tag === 'A' && e.text === overdue));
    await Promise.all([page.waitForURL(/\/admin\/applications\/view\?no=/), page.keyboard.press('Enter')]);
    const view = `${base}/admin/applications/view?no=${overdue}`;
    await scanBothWidths(page, view, '办理申请（督查）');
    await page.goto(view);
    check('view: reach 督办事项', await tabTo(page, (e) => e.id === 'supervise-body'));
    await page.keyboard.type('该申请已超过答复期限，请于期限内说明原因。');
    await page.keyboard.press('Tab'); // the deadline keeps its suggested date
    check('view: reach 发出督办', await tabTo(page, (e) => e.tag === 'BUTTON' && e.text === '发出督办', 5));
    await Promise.all([page.waitForURL(/#supervision$/), page.keyboard.press('Enter')]);
    check('notice shown on the application page',
      (await page.locator('#supervision').textContent()).includes('该申请已超过答复期限，请于期限内说明原因。'));
    await keyboardLogout(page, base);

    // ---- the 街道's handler answers ----
    await keyboardLogin(page, base, 'handler', passwords.handler);
    check('handler 工作台: reach the notice',
      await tabTo(page, (e) => e.tag === 'A' && e.text.startsWith(`待答复的督办：申请 ${overdue}`)));
    await Promise.all([page.waitForURL(/\/admin\/applications\/view\?no=/), page.keyboard.press('Enter')]);
    await scanBothWidths(page, view, '办理申请（答复督办）');
    await page.goto(view + '#supervision');
    check('handler: reach 答复督办', await tabTo(page, (e) => e.tag === 'TEXTAREA' && e.name === 'answer'));
    await page.keyboard.type('已于今日答复申请人。');
    check('handler: reach 提交答复', await tabTo(page, (e) => e.tag === 'BUTTON' && e.text === '提交答复', 3));
    // the page is already at …#supervision, where the answer redirects back to
    await submitAndLoad(page, () => page.keyboard.press('Enter'));
    check('answer redirects to the section', /#supervision$/.test(page.url()));
    check('answer shown', (await page.locator('#supervision').textContent()).includes('答复：已于今日答复申请人。'));
    check('answer form gone', await page.locator('textarea[name=answer]').count() === 0);
    await keyboardLogout(page, base);

    // ---- the root's administrator acts for the 街道 ----
    await keyboardLogin(page, base, 'admin', passwords.admin);
    await page.goto(base + '/admin/annual');
    check('annual: header names the own agency first',
      (await page.locator('#acting').textContent()).includes('汝州市人民政府'));
    check('annual: reach 切换', await tabTo(page, (e) => e.tag === 'A' && e.text.startsWith('切换')));
    await Promise.all([page.waitForURL(/\/admin\/acting\?back=/), page.keyboard.press('Enter')]);
    await scanBothWidths(page, page.url(), '代表机关');
    await page.goto(base + '/admin/acting?back=/admin/annual');
    check('picker: reach the select', await tabTo(page, (e) => e.tag === 'SELECT'));
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('ArrowDown');
      reached = await page.evaluate(() => document.activeElement.selectedOptions[0].textContent.includes('钟楼街道'));
    }
    check('picker: the 街道 chosen by keyboard', reached);
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(base + '/admin/annual'), page.keyboard.press('Enter')]);
    check('annual: header names the 街道',
      (await page.locator('#acting strong').textContent()) === '汝州市钟楼街道办事处');
    check('annual: the report is the 街道\'s',
      (await page.locator('#report-agency').textContent()) === '汝州市钟楼街道办事处');
    check('annual: read-only for the subordinate', await page.locator('#acting-readonly').count() === 1);
    await scanBothWidths(page, base + '/admin/annual', '年度报告（代表下级机关）');
    await scanBothWidths(page, base + '/admin/agencies', '机构管理');
    await scanBothWidths(page, base + '/admin/supervision/figures', '各机关办理情况');
  } catch (e) {
    check('no exception', false, e.stack);
  }
  checkConsole(consoleErrors);
  await shutdown(context, server, work);
}

main();
