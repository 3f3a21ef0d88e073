// review.test.js — the editor and the reviewer of 主动公开 in a real browser (playwright-core driving
// Debian's chromium), asserting what issue 13 found missing: the editor drafts an item (confirmation
// "已保存"), uploads an attachment and lands on a page that confirms it, leads back to the item and
// offers 提交保密审查; submits (confirmation); the reviewer returns it with a note (confirmation) and the
// editor sees the note and the step in Chinese in the 办理记录; the editor fixes and resubmits; the
// reviewer passes it; the editor publishes (confirmation). The 办理记录 never shows an English action
// code. axe-core finds no serious or critical issue on each back-office page at 1280 and 375 px, and
// none scrolls sideways at 375 px. No console or CSP errors.
// Environment: GONGKAI (binary). Started by tests/e2e/browser_review.sh.
'use strict';
const { check, startServer, launch, scanBothWidths, login, logout, shutdown, firstPage, checkConsole } = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');
const TITLE = '关于桂花巷停车位改造方案的公示';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const ENGLISH = /\b(create|update|attach|detach|submit|pass|return|classify|approve|publish|withdraw)\b/;

async function status(page) {
  return (await page.locator('table.info-meta tr', { hasText: '状态' }).locator('td').textContent()).trim();
}
async function confirmation(page) {
  return (await page.locator('#done[role=status]').textContent()).trim();
}
async function trailText(page) {
  return page.locator('h2:has-text("办理记录") + .table-wrap').textContent();
}

async function main() {
  const { server, base, work, passwords } = await startServer(gongkai, 'gk-browser-review-');
  const context = await launch(work);
  const consoleErrors = [];
  try {
    const page = await firstPage(context, consoleErrors);

    // ---- the editor drafts, attaches, submits ----
    await login(page, base, 'editor', passwords.editor);
    await scanBothWidths(page, base + '/admin/info/edit', '编辑信息');
    await page.goto(base + '/admin/info/edit');
    await page.getByLabel('信息类别（必填）').selectOption({ label: '政策文件' });
    await page.getByLabel('标题（必填）').fill(TITLE);
    await page.getByLabel('生成日期（必填）').fill('2024-03-01');
    await page.getByLabel('正文（Markdown 格式，不允许 HTML）').fill('桂花巷停车位改造方案，现予公示。');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/admin\/info\/view\?id=\d+&done=saved/);
    const id = new URL(page.url()).searchParams.get('id');
    const view = `${base}/admin/info/view?id=${id}`;
    check('confirmation after saving', (await confirmation(page)) === '已保存。');
    check('draft saved', (await status(page)) === '草稿', await status(page));

    await page.goto(`${base}/admin/info/attach?id=${id}`);
    await page.locator('#file').setInputFiles({ name: '方案.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: '上传附件', exact: true }).click();
    await page.waitForURL(/\/admin\/info\/attach\?id=\d+&done=uploaded/);
    check('confirmation after the upload', (await confirmation(page)).startsWith('附件已上传'));
    check('the upload is listed', await page.locator('#attachments a', { hasText: '方案.pdf' }).count() === 1);
    check('the page after the upload leads back', await page.locator(`a#back[href="/admin/info/view?id=${id}"]`).count() === 1);
    check('the page after the upload offers the submission',
      await page.getByRole('button', { name: '提交保密审查' }).count() === 1);
    await scanBothWidths(page, page.url(), '附件上传后');
    await page.goto(`${base}/admin/info/attach?id=${id}&done=uploaded`);
    await page.getByRole('button', { name: '提交保密审查' }).click();
    await page.waitForURL(/done=submit/);
    check('confirmation after the submission', (await confirmation(page)).startsWith('已提交保密审查'));
    check('submitted', (await status(page)) === '待保密审查', await status(page));
    await logout(page);

    // ---- the reviewer returns it with a note ----
    await login(page, base, 'reviewer', passwords.reviewer);
    await scanBothWidths(page, base + '/admin/info/review', '待办队列');
    await page.goto(base + '/admin/info/review');
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(view);
    await scanBothWidths(page, view, '保密审查');
    await page.goto(view);
    await page.getByLabel('退回修改').check();
    await page.getByLabel('审查意见（退回或认定涉密时必填）').fill('请删去正文中的住户门牌号。');
    await page.getByRole('button', { name: '提交审查结论' }).click();
    await page.waitForURL(/done=return/);
    check('confirmation after returning', (await confirmation(page)).startsWith('已退回编辑修改'));
    check('returned', (await status(page)) === '已退回', await status(page));
    await logout(page);

    // ---- the editor sees the note, fixes, resubmits ----
    await login(page, base, 'editor', passwords.editor);
    await page.goto(view);
    const trail = await trailText(page);
    check('the note is in the 办理记录', trail.includes('请删去正文中的住户门牌号。'));
    check('the 办理记录 in Chinese', trail.includes('退回修改') && trail.includes('提交保密审查') && trail.includes('上传附件'), trail);
    check('no English action code in the 办理记录', !ENGLISH.test(trail), trail);
    await page.goto(`${base}/admin/info/edit?id=${id}`);
    await page.getByLabel('正文（Markdown 格式，不允许 HTML）').fill('桂花巷停车位改造方案，现予公示。公示期 7 天。');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/done=saved/);
    await page.getByRole('button', { name: '提交保密审查' }).click();
    await page.waitForURL(/done=submit/);
    check('resubmitted', (await status(page)) === '待保密审查', await status(page));
    await logout(page);

    // ---- the reviewer passes it ----
    await login(page, base, 'reviewer', passwords.reviewer);
    await page.goto(view);
    await page.getByLabel('通过（不涉密）').check();
    await page.getByRole('button', { name: '提交审查结论' }).click();
    await page.waitForURL(/done=pass/);
    check('confirmation after passing', (await confirmation(page)).startsWith('审查结论已提交：通过'));
    check('passed', (await status(page)) === '待发布', await status(page));
    await logout(page);

    // ---- the editor publishes ----
    await login(page, base, 'editor', passwords.editor);
    await page.goto(view);
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.waitForURL(/done=publish/);
    check('confirmation after publishing', (await confirmation(page)).startsWith('已发布'));
    check('published', (await status(page)) === '已发布', await status(page));
    check('no English action code at the end', !ENGLISH.test(await trailText(page)));
    await scanBothWidths(page, view, '已发布信息');
    await scanBothWidths(page, base + '/admin/info/history', '我的处理记录');
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
