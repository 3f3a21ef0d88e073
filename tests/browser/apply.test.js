// apply.test.js — the public 依申请公开 form in a real browser (playwright-core driving Debian's
// /usr/bin/chromium), keyboard only: Tab from the top of the page to each field in order, type the
// text, choose options with the arrow keys, submit with Enter. A wrong ID checksum comes back as a
// Chinese message tied to its field (aria-describedby, aria-invalid) and listed in the alert summary;
// after the fix the tracking number and query code are shown; 申请查询 with them shows the status.
// axe-core scans (WCAG 2.1 A/AA) of the form, the form with errors and the query result: no serious or
// critical violations. No console or CSP errors.
// Environment: GONGKAI (binary). Started by tests/e2e/browser_apply.sh.
'use strict';
const { check, startServer, launch, axeScan, shutdown, firstPage } = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');

const focusedId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

// Presses Tab until the element with this id has the focus (keyboard reachability); false if never.
async function tabTo(page, id) {
  for (let i = 0; i < 80; i++) {
    if ((await focusedId(page)) === id) return true;
    await page.keyboard.press('Tab');
  }
  return (await focusedId(page)) === id;
}

// Focuses a field with Tab and replaces its text by typing.
async function typeInto(page, id, text) {
  check(`Tab reaches #${id}`, await tabTo(page, id));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

// Focuses a select with Tab and moves down to the option with this value using the arrow keys.
async function chooseWith(page, id, value) {
  check(`Tab reaches #${id}`, await tabTo(page, id));
  for (let i = 0; i < 12; i++) {
    if ((await page.evaluate((sel) => document.getElementById(sel).value, id)) === value) break;
    await page.keyboard.press('ArrowDown');
  }
  const got = await page.evaluate((sel) => document.getElementById(sel).value, id);
  check(`arrow keys choose ${value} in #${id}`, got === value, `value ${got}`);
}

async function fillForm(page, idNumber) {
  await chooseWith(page, 'applicant_type', 'natural_person');
  await typeInto(page, 'name', '赵六');
  await chooseWith(page, 'id_type', 'resident_id');
  await typeInto(page, 'id_number', idNumber);
  await typeInto(page, 'phone', '13700001234');
  await typeInto(page, 'email', 'zhao@example.cn');
  await typeInto(page, 'address', '河南省汝州市钟楼街道中大街8号');
  await typeInto(page, 'description', '钟楼街道2025年老旧小区改造项目的资金拨付文件');
  await chooseWith(page, 'form', 'electronic');
  await chooseWith(page, 'delivery', 'email');
}

// The submit button has no id: Tab until the focused element is it, then Enter.
async function submitWithKeyboard(page) {
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    reached = await page.evaluate(() => document.activeElement.tagName === 'BUTTON' &&
      document.activeElement.textContent === '提交申请');
    if (!reached) await page.keyboard.press('Tab');
  }
  check('Tab reaches the submit button', reached);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

async function main() {
  const { server, base, work } = await startServer(gongkai, 'gk-browser-apply-');
  const context = await launch(work);
  const consoleErrors = [];
  try {
    const page = await firstPage(context, consoleErrors);

    const resp = await page.goto(base + '/apply/new');
    check('form 200', resp.status() === 200);
    check('form title', (await page.title()).includes('在线申请'));
    await axeScan(page, 'application form');
    for (const id of ['agency_id', 'applicant_type', 'name', 'id_type', 'id_number', 'description', 'form', 'delivery']) {
      const label = await page.locator(`label[for="${id}"]`).count();
      check(`#${id} has a label`, label === 1);
    }

    // keyboard only, a wrong ID checksum first
    await fillForm(page, '110105194912310021');
    await submitWithKeyboard(page);
    check('wrong checksum: the form again', (await page.locator('#id_number').count()) === 1);
    check('error summary is an alert', (await page.locator('[role=alert]').count()) === 1);
    const described = await page.getAttribute('#id_number', 'aria-describedby');
    check('error tied to its field (aria-describedby)', (described || '').split(' ').includes('id_number-error'),
      described);
    check('field marked invalid', (await page.getAttribute('#id_number', 'aria-invalid')) === 'true');
    const message = await page.locator('#id_number-error').textContent();
    check('error message in Chinese names the field', /身份证/.test(message) && /校验/.test(message), message);
    check('summary links to the field', (await page.locator('[role=alert] a[href="#id_number"]').count()) === 1);
    check('typed values kept', (await page.inputValue('#name')) === '赵六');
    check('chosen options kept', (await page.inputValue('#delivery')) === 'email');
    await axeScan(page, 'application form with errors');

    // fix the number from the keyboard and submit again
    await typeInto(page, 'id_number', '11010519491231002X');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]); // Enter in a field submits
    const trackingNo = ((await page.locator('#tracking-no').textContent()) || '').trim();
    const code = ((await page.locator('#query-code').textContent()) || '').trim();
    check('tracking number shown', /^YS\d{4}-\d+-\d{5}$/.test(trackingNo), trackingNo);
    check('query code shown', /^[2-9A-HJ-NP-Z]{12}$/.test(code), code);
    check('success announced', (await page.locator('[role=status]').textContent()).includes('已提交'));

    // 申请查询, keyboard only
    await page.goto(base + '/apply/query');
    await typeInto(page, 'no', trackingNo);
    await typeInto(page, 'code', code);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const status = (await page.locator('#status').textContent()) || '';
    check('query shows the application', status.includes(trackingNo), status);
    check('query shows the status in words', status.includes('办理状态') && status.includes('待本机关确认'), status);
    check('query shows the timeline', (await page.locator('#timeline li').count()) >= 1);
    await axeScan(page, 'query result');

    // Chromium logs every non-2xx document as a console error: the 422 of the refused form is expected.
    const unexpected = consoleErrors.filter((e) => !/\/apply\/new: Failed to load resource: .* 422 /.test(e));
    check('no console or CSP errors', unexpected.length === 0, unexpected.join('\n'));
  } finally {
    await shutdown(context, server, work);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
