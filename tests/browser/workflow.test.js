// workflow.test.js — the back-office journeys of issue 13 in a real browser (playwright-core driving
// Debian's chromium), asserting what was missing: a handler's 工作台 lists the unassigned overdue
// application as a task and its count matches the list it links to; the list is in urgency order with
// the state in words; the view offers only the forms the state allows, and an extension sent after the
// time limit anyway is refused in plain words; a refused extension keeps what
// was typed and explains in Chinese; every action is confirmed; a 补正 states what and by when; the
// letter carries its 文号 (pdftotext on the downloaded PDF) and links back to the application; the
// leader and the supervisor see their lists. axe-core finds no serious or critical issue on each page
// at 1280 and 375 px, and no page scrolls sideways at 375 px. No console or CSP errors.
// Environment: GONGKAI (binary). Started by tests/e2e/browser_workflow.sh.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { check, startServer, launch, scanBothWidths, login, logout, shutdown, firstPage, checkConsole } = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');

const chinaDay = (offsetDays) =>
  new Date(Date.now() + 8 * 3600e3 - offsetDays * 86400e3).toISOString().slice(0, 10);

async function api(base, token, method, url, body) {
  const res = await fetch(base + url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await res.json() };
}

function application(extra) {
  return {
    agency_id: 2, applicant_type: 'natural_person', name: '孙七', id_type: 'resident_id',
    id_number: '11010519491231002X', phone: '13600001234', email: 'sun@example.cn',
    description: '钟楼街道2025年背街小巷整治工程的验收报告', form: 'electronic', delivery: 'email', ...extra,
  };
}

async function main() {
  const { server, base, db, work, passwords } = await startServer(gongkai, 'gk-browser-workflow-');
  const token = execFileSync(gongkai, ['token', 'create', 'handler', '--db', db], { encoding: 'utf8' }).trim().split('\n').pop();
  const overdue = (await api(base, token, 'POST', '/api/v1/applications',
    application({ channel: 'in_person', received_on: chinaDay(60), description: '督办：已超期的申请' }))).json.tracking_no;
  const online = (await api(base, null, 'POST', '/api/v1/applications', application({ channel: 'online' }))).json.tracking_no;
  check('applications created', Boolean(overdue && online));

  const context = await launch(work);
  const consoleErrors = [];
  try {
    const page = await firstPage(context, consoleErrors);

    // ---- the handler: the task on the 工作台, the list in urgency order ----
    await login(page, base, 'handler', passwords.handler);
    const task = page.locator('a', { hasText: '已超过答复期限的申请' });
    check('工作台 shows the overdue task', await task.count() === 1);
    check('工作台 is not empty', await page.locator('text=暂无待办任务').count() === 0);
    const counted = Number(await task.locator('strong').textContent());
    await scanBothWidths(page, base + '/admin', '工作台');
    await page.goto(base + '/admin');
    await task.click();
    const rows = page.locator('#applications tbody tr');
    check('the task count matches its list', await rows.count() === counted, `${await rows.count()} vs ${counted}`);
    await page.goto(base + '/admin/applications?filter=open&mine=1');
    check('most urgent first', (await rows.first().locator('td').first().textContent()) === overdue);
    check('state in words', /已超期 \d+ 个工作日/.test(await rows.first().locator('.urgency').textContent()));
    check('unassigned shown', (await rows.first().textContent()).includes('未分配'));
    await scanBothWidths(page, base + '/admin/applications?filter=open&mine=1', '申请列表');

    // ---- the overdue one: no extension offered any more ----
    await page.goto(`${base}/admin/applications/view?no=${overdue}`);
    check('overdue: no extension form', await page.locator('#form-extend').count() === 0);
    check('overdue: reply form offered', await page.locator('#form-reply').count() === 1);
    // a late extension sent anyway (a form left open from before the deadline): refused in plain words
    await page.evaluate(({ no, today }) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = '/admin/applications/event';
      const fields = { csrf: document.querySelector('input[name=csrf]').value, no, type: 'extend', date: today,
        workdays: '10', approver: '李主任', note: '需要调档' };
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement('input');
        Object.assign(input, { type: 'hidden', name, value });
        form.appendChild(input);
      }
      document.body.appendChild(form);
      form.submit();
    }, { no: overdue, today: chinaDay(0) });
    await page.waitForLoadState();
    const late = await page.locator('[role=alert]').first().textContent();
    check('late extension refused in plain words', late.includes('届满') && late.includes('第三十三条'), late);
    check('late extension: nothing recorded', !(await page.locator('#timeline').textContent()).includes('延长答复期限'));

    // ---- the online one: only the forms its state allows ----
    const view = `${base}/admin/applications/view?no=${online}`;
    await scanBothWidths(page, view, '办理申请');
    await page.goto(view);
    check('unconfirmed: confirm form offered', await page.locator('#form-confirm_receipt').count() === 1);
    check('unconfirmed: no reply form yet', await page.locator('#form-reply').count() === 0);
    await page.locator('#form-confirm_receipt summary').click();
    await page.locator('#form-confirm_receipt button').click();
    await page.waitForURL(/done=confirm_receipt/);
    check('confirmation after confirm_receipt',
      (await page.locator('[role=status]').first().textContent()).includes('已登记“确认收到申请”'));
    check('confirmed: no confirm form', await page.locator('#form-confirm_receipt').count() === 0);
    check('derivation no longer "尚待与申请人确认"', !(await page.locator('#derivation').textContent()).includes('尚待与申请人确认'));
    check('no calendar hash on screen', !/[0-9a-f]{12}/.test(await page.locator('main').textContent()));

    // a refused extension (25 working days): plain message, the form open with what was typed
    await page.locator('#form-extend summary').click();
    await page.locator('#extend-workdays').fill('25');
    await page.locator('#extend-approver').fill('李主任');
    await page.locator('#form-extend button').click();
    await page.waitForLoadState();
    const alert = await page.locator('[role=alert]').first().textContent();
    check('refusal in plain Chinese', alert.includes('延长的期限应为 1–20 个工作日') && !alert.includes('workdays'), alert);
    check('refused form stays open', await page.locator('#form-extend[open]').count() === 1);
    check('typed days kept', (await page.locator('#extend-workdays').inputValue()) === '25');
    check('typed approver kept', (await page.locator('#extend-approver').inputValue()) === '李主任');
    check('refused form: no other form open', await page.locator('details[open]').count() === 1);

    // 补正: what and by when
    await page.locator('#form-request_correction summary').click();
    await page.locator('#request_correction-note').fill('请写明验收报告所属的工程名称');
    await page.locator('#request_correction-workdays').fill('10');
    await page.locator('#form-request_correction button').click();
    await page.waitForURL(/done=request_correction/);
    check('confirmation after 补正', (await page.locator('[role=status]').first().textContent()).includes('补正告知书已生成'));
    check('补正告知书 shown to staff', (await page.locator('main').textContent()).includes('请写明验收报告所属的工程名称'));
    check('paused: no extension while awaiting correction', await page.locator('#form-extend').count() === 0);
    check('paused: correction_received offered', await page.locator('#form-correction_received').count() === 1);
    await page.locator('#form-correction_received summary').click();
    await page.locator('#form-correction_received button').click();
    await page.waitForURL(/done=correction_received/);
    await page.locator('#form-reply summary').click();
    await page.locator('#reply-outcome').selectOption('granted');
    await page.locator('#form-reply button').click();
    await page.waitForURL(/done=reply/);
    check('confirmation after the reply', (await page.locator('[role=status]').first().textContent()).includes('已登记“答复”'));
    check('after the reply: delivery offered', await page.locator('#form-deliver').count() === 1);

    // ---- the letter: 文号 on the issued PDF, the way back ----
    await page.goto(`${base}/admin/applications/letter?no=${online}`);
    check('letter links back', await page.locator(`a#back[href="/admin/applications/view?no=${online}"]`).count() === 1);
    await page.locator('#doc_no').fill('钟政信复〔2026〕31号');
    await page.getByRole('button', { name: '签发' }).click();
    await page.waitForURL(/done=issued/);
    check('confirmation after issuing', (await page.locator('[role=status]').first().textContent()).includes('答复书已签发'));
    check('issued letter shows the 文号', (await page.locator('#letter').textContent()).includes('钟政信复〔2026〕31号'));
    await scanBothWidths(page, `${base}/admin/applications/letter?no=${online}`, '答复书');
    const pdf = await page.request.get(`${base}/admin/applications/letter.pdf?no=${online}`);
    fs.writeFileSync(path.join(work, 'letter.pdf'), await pdf.body());
    const text = execFileSync('pdftotext', [path.join(work, 'letter.pdf'), '-'], { encoding: 'utf8' }).replace(/ /g, '');
    check('the PDF carries the 文号', text.includes('钟政信复〔2026〕31号'));
    check('the PDF has no blank 文号', !text.includes('〔〕号'));
    await logout(page);

    // ---- the leader and the supervisor ----
    await login(page, base, 'leader', passwords.leader);
    await scanBothWidths(page, base + '/admin/applications', '申请列表（领导）');
    await scanBothWidths(page, base + '/admin/annual', '年度报告');
    // a pending case: its row has a result select, which must have a name (axe select-name)
    await page.goto(base + '/admin/annual/cases');
    await page.locator('#filed_on').fill(`${Number(chinaDay(0).slice(0, 4)) - 1}-06-01`); // the report year
    await page.locator('#case_no').fill('（2026）豫04行初1号');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.waitForLoadState();
    check('pending cases listed with their result form', await page.locator('select[name=result][id^="result-"]').count() >= 1);
    await scanBothWidths(page, base + '/admin/annual/cases', '复议诉讼案件');
    await logout(page);
    await login(page, base, 'supervisor', passwords.supervisor);
    await scanBothWidths(page, base + '/admin', '工作台（督查）');
    await scanBothWidths(page, base + '/admin/applications?agency=2&filter=open', '督办列表');
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
