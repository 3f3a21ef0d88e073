// info.test.js — 主动公开 in a real browser (playwright-core driving Debian's /usr/bin/chromium): the
// editor logs in, drafts an item through the form, attaches a PDF through the multipart upload and
// submits it; the reviewer logs in and passes the 保密审查; the editor publishes; the public item page
// shows it with its attachment, the attachment downloads, and the portal search finds it by a
// 2-character term. Also: axe-core (WCAG 2.1 A/AA) on the edit form and the public item page, and no
// console or CSP errors throughout. Same conventions as browser.test.js: a fresh database and
// user-data-dir, the server on a random loopback port. Environment: GONGKAI (binary); started by
// tests/e2e/browser_info.sh.
'use strict';
const { check, startServer, launch, axeScan, login, shutdown, firstPage, checkConsole } = require('./lib');

const gongkai = process.env.GONGKAI;
if (!gongkai) throw new Error('GONGKAI must name the gongkai binary');
const TITLE = '关于征集桂花巷老旧小区改造意见的公告';
const TERM = '桂花'; // 2 characters: below what an FTS5 trigram index can answer
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function logout(page, base) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login\?out=1$/);
  await page.goto(base + '/admin');
  check('logged out', /\/login\?next=\/admin$/.test(page.url()));
}

// Status cell of the back-office item view.
async function itemStatus(page) {
  return (await page.locator('table.info-meta tr', { hasText: '状态' }).locator('td').textContent()).trim();
}

// The editor drafts the item through the form, attaches a PDF and submits it. Returns the item id.
async function draftAndSubmit(page, base) {
  await page.goto(base + '/admin/info/edit');
  await axeScan(page, 'edit form');
  await page.getByLabel('信息类别（必填）').selectOption({ label: '政策文件' });
  await page.getByLabel('标题（必填）').fill(TITLE);
  await page.getByLabel('文号', { exact: true }).fill('钟办〔2024〕12号');
  await page.getByLabel('生成日期（必填）').fill('2024-03-01');
  await page.getByLabel('正文（Markdown 格式，不允许 HTML）').fill(
    `## 征集内容\n\n为做好${TERM}巷老旧小区改造工作，现公开征集居民意见。`);
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.waitForURL(/\/admin\/info\/view\?id=\d+/);
  const id = new URL(page.url()).searchParams.get('id');
  check('draft saved', (await itemStatus(page)) === '草稿', await itemStatus(page));

  await page.locator('#file').setInputFiles({ name: '改造方案.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: '上传附件', exact: true }).click();
  await page.waitForURL(new RegExp(`/admin/info/attach\\?id=${id}&done=uploaded`));
  check('attachment listed after upload', await page.locator('#attachments a', { hasText: '改造方案.pdf' }).count() === 1);

  await page.goto(`${base}/admin/info/view?id=${id}`);
  await page.getByRole('button', { name: '提交保密审查' }).click();
  await page.waitForURL(`${base}/admin/info/view?id=${id}&done=submit`);
  check('submitted for review', (await itemStatus(page)) === '待保密审查', await itemStatus(page));
  return id;
}

// The reviewer finds the item in the queue and passes it.
async function review(page, base, id) {
  await page.goto(base + '/admin/info/review');
  await page.getByRole('link', { name: TITLE }).click();
  await page.waitForURL(`${base}/admin/info/view?id=${id}`);
  await page.getByLabel('通过（不涉密）').check();
  await page.getByLabel('审查意见（退回或认定涉密时必填）').fill('经审查，正文和附件均不涉密，同意公开。');
  await page.getByRole('button', { name: '提交审查结论' }).click();
  await page.waitForURL(`${base}/admin/info/view?id=${id}&done=pass`);
  check('review passed', (await itemStatus(page)) === '待发布', await itemStatus(page));
}

async function publish(page, base, id) {
  await page.goto(`${base}/admin/info/view?id=${id}`);
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await page.waitForURL(`${base}/admin/info/view?id=${id}&done=publish`);
  check('published', (await itemStatus(page)) === '已发布', await itemStatus(page));
}

// The public sees the item page, downloads the attachment and finds the item by a 2-character term.
async function publicViews(page, base, id) {
  const resp = await page.goto(`${base}/info/item/${id}`);
  check('public item page 200', resp.status() === 200, String(resp.status()));
  check('public item page shows the title', (await page.locator('main h1').first().textContent()) === TITLE);
  check('public item page shows the 文号', await page.locator('table.info-meta', { hasText: '钟办〔2024〕12号' }).count() === 1);
  const link = page.locator('.info-attachments a', { hasText: '改造方案.pdf' });
  check('public item page lists the attachment', await link.count() === 1);
  const download = await page.request.get(base + await link.getAttribute('href'));
  check('attachment downloads as PDF', download.status() === 200 &&
    download.headers()['content-type'] === 'application/pdf' &&
    Buffer.compare(await download.body(), PDF) === 0, `${download.status()} ${download.headers()['content-type']}`);
  check('attachment is served as a download',
    /^attachment;.*filename\*=UTF-8''%E6%94%B9%E9%80%A0%E6%96%B9%E6%A1%88\.pdf$/.test(download.headers()['content-disposition']),
    download.headers()['content-disposition']);
  await axeScan(page, 'public item page');

  await page.goto(base + '/info');
  await page.getByLabel('检索（标题、文号、正文）').fill(TERM);
  await page.getByRole('button', { name: '检索' }).click();
  await page.waitForURL(/\/info\?/);
  const hit = page.locator(`table.info-list a[href="/info/item/${id}"]`);
  check(`portal search finds the item by "${TERM}"`, await hit.count() === 1);
  check('search result highlights the term', (await hit.locator('mark').first().textContent()) === TERM);
}

async function main() {
  const { server, base, work, passwords } = await startServer(gongkai, 'gk-browser-info-');
  const context = await launch(work);
  const consoleErrors = [];
  try {
    const page = await firstPage(context, consoleErrors);

    await login(page, base, 'editor', passwords.editor);
    const id = await draftAndSubmit(page, base);
    let resp = await page.request.get(`${base}/info/item/${id}`, { headers: { Cookie: '' } });
    check('unpublished item is 404 for the public', resp.status() === 404, String(resp.status()));
    await logout(page, base);

    await login(page, base, 'reviewer', passwords.reviewer);
    await review(page, base, id);
    await logout(page, base);

    await login(page, base, 'editor', passwords.editor);
    await publish(page, base, id);
    await logout(page, base);

    await publicViews(page, base, id);
    checkConsole(consoleErrors);
  } finally {
    await shutdown(context, server, work);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
