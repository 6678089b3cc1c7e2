/**
 * The registry (台账) end to end, in Chromium against the real server in demo mode:
 * a county 人社 user searches, opens a person (masked ID), reveals the full number with a
 * reason, edits (including the 409 of a concurrent edit) and reads the change log; imports a
 * CSV through the wizard (live progress → summary with the rejected row → error report);
 * exports masked and, after the audit warning, unmasked; a village cadre fills the survey
 * form on a 360 px phone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { makeChineseName, makeIdNumber, makeRng } from '../server/test/fake-people.ts';
import { chromiumAvailable, horizontalOverflow, launchBrowser, loginAs, newContext, pickOption, screenshot, startServer, watchErrors, type RunningServer } from './support.ts';

const MASKED_ID = /^\d{6}\*{8}[\dX]{4}$/;
const FULL_ID = /^\d{17}[\dX]$/;

/** Clicks 查询 and waits until the table shows the answer of the persons request it sent. */
async function search(page: Page): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/persons?') && r.request().method() === 'GET');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await answered;
  await expect.poll(async () => page.locator('.ant-table .ant-spin-spinning').count()).toBe(0);
}

/** Saves a download and returns its path and suggested name. */
async function saveDownload(download: Download, dir: string): Promise<{ file: string; name: string }> {
  const name = download.suggestedFilename();
  const file = path.join(dir, name);
  await download.saveAs(file);
  return { file, name };
}

describe.skipIf(!chromiumAvailable())('registry pages (Chromium, real server in demo mode)', () => {
  let server: RunningServer;
  let browser: Browser;
  let tmp: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-e2e-registry-'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('searches, opens a person with a masked ID, reveals it with a reason, and shows an edit in the change log', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-zhenxiong');
    await page.goto('/registry');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    // Every listed ID number is masked.
    for (const id of await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(2)').allInnerTexts()) expect(id.trim()).toMatch(MASKED_ID);

    // Filter by poverty status: every row carries that tag.
    await pickOption(page, '帮扶状态', '建档立卡贫困人口');
    await search(page);
    const statuses = await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(7)').allInnerTexts();
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) expect(s.trim()).toBe('建档立卡贫困人口');

    // Search by name.
    const name = (await rows.first().locator('td').first().innerText()).trim();
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await page.getByLabel('关键字').fill(name);
    await search(page);
    for (const n of await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(1)').allInnerTexts()) expect(n).toContain(name);
    await screenshot(page, 'registry-search');

    // Person page: masked, then revealed with a reason.
    await page.locator('.ant-table-tbody tr.ant-table-row').first().getByRole('link', { name }).click();
    await page.waitForURL(/\/registry\/\d+$/);
    const idCell = page.getByTestId('id-number');
    await idCell.waitFor();
    const masked = (await idCell.innerText()).trim();
    expect(masked).toMatch(MASKED_ID);
    await page.getByRole('button', { name: '查看完整身份证号' }).click();
    const reveal = page.getByRole('dialog', { name: '查看完整身份证号' });
    await reveal.getByRole('button', { name: /查\s*看/ }).click();
    await reveal.getByText('请填写查看事由').waitFor(); // the reason is required
    await reveal.getByLabel('查看事由').fill('核对培训补贴发放信息（e2e）');
    await reveal.getByRole('button', { name: /查\s*看/ }).click();
    await page.getByText('本次查看已记入审计日志').waitFor();
    const full = (await idCell.innerText()).trim();
    expect(full).toMatch(FULL_ID);
    expect(full.slice(0, 6)).toBe(masked.slice(0, 6));
    expect(full.slice(14)).toBe(masked.slice(14));
    await screenshot(page, 'person-revealed');

    // Edit 备注; meanwhile someone else saves the same person → 409 → 刷新 → save again.
    const remark = `e2e 备注 ${Date.now()}`;
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    const edit = page.getByRole('dialog', { name: new RegExp(`编辑：${name}`) });
    await edit.getByLabel('备注').fill(remark);
    const personId = Number(new URL(page.url()).pathname.split('/').pop());
    const concurrent = await page.evaluate(async (id) => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const p = (await (await fetch(`/api/v1/persons/${id}`)).json()) as { version: number };
      const res = await fetch(`/api/v1/persons/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ version: p.version, employmentStatus: '县内务工' }),
      });
      return res.status;
    }, personId);
    expect(concurrent).toBe(200);
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await edit.getByText('该记录已被他人修改，请刷新后重试').waitFor();
    await edit.getByRole('button', { name: /刷\s*新/ }).click();
    await edit.getByLabel('备注').fill(remark);
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存修改').waitFor();
    await edit.waitFor({ state: 'hidden' });

    await page.getByRole('tab', { name: '变更记录' }).click();
    const log = page.getByTestId('change-log');
    await log.getByText(remark).waitFor();
    const logText = await log.innerText();
    expect(logText).toContain(`备注：（空） → ${remark}`);
    expect(logText).toContain('就业状态');
    expect(logText).toContain('人工编辑');
    await screenshot(page, 'person-change-log');

    // Household tab lists the members with masked numbers.
    await page.getByRole('tab', { name: '家庭成员' }).click();
    const members = page.getByTestId('household-members');
    await members.getByRole('link', { name }).waitFor();
    for (const id of await members.locator('.ant-table-tbody tr.ant-table-row td:nth-child(3)').allInnerTexts()) expect(id.trim()).toMatch(MASKED_ID);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('adds a person with the 新增 form: the shared rules in the browser, the server\'s messages in the dialog', async () => {
    const rng = makeRng(4242);
    const person = { name: makeChineseName(rng), id: makeIdNumber({ region: '530627', gender: '男', birthDate: '1995-02-14', seq: 470 }, rng) };
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-zhenxiong');
    await page.goto('/registry');
    await page.getByRole('button', { name: /新\s*增/ }).click();
    let dialog = page.getByRole('dialog', { name: '新增人员' });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请输入姓名').waitFor();
    await dialog.getByText('请输入身份证号').waitFor();
    await dialog.getByText('请输入家庭详细地址').waitFor();

    await dialog.getByLabel('姓名', { exact: true }).fill('张3');
    await dialog.getByText('姓名不能包含数字或英文字母').waitFor();
    await dialog.getByLabel('姓名', { exact: true }).fill(person.name);
    await pickOption(page, '性别', '女');
    await dialog.getByLabel('身份证号', { exact: true }).fill(person.id);
    await dialog.getByText('性别与身份证号不符（身份证号第 17 位表示男）').waitFor();
    await pickOption(page, '性别', '男');
    await pickOption(page, '民族', '苗族', { type: '苗' });
    await dialog.getByLabel('家庭住址').fill('云南省昭通市镇雄县乌峰街道测试村5组1号');
    await screenshot(page, 'person-create');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/registry\/\d+$/);
    await page.getByRole('heading', { name: person.name }).waitFor();
    expect((await page.getByTestId('id-number').innerText()).trim()).toMatch(MASKED_ID);

    // The same ID number again: the server refuses, the dialog says why.
    await page.goto('/registry');
    await page.getByRole('button', { name: /新\s*增/ }).click();
    dialog = page.getByRole('dialog', { name: '新增人员' });
    await dialog.getByLabel('姓名', { exact: true }).fill(person.name);
    await dialog.getByLabel('身份证号', { exact: true }).fill(person.id);
    await pickOption(page, '民族', '苗族', { type: '苗' });
    await dialog.getByLabel('家庭住址').fill('云南省昭通市镇雄县乌峰街道测试村5组1号');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('该身份证号已登记').waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('imports a CSV through the wizard: live progress, a summary with the rejected row, and the error report', async () => {
    const rng = makeRng(20261123);
    const people = [0, 1, 2].map((i) => ({
      name: makeChineseName(rng),
      gender: i % 2 === 0 ? '女' : '男',
      id: makeIdNumber({ region: '530627', gender: i % 2 === 0 ? '女' : '男', birthDate: `199${i}-0${i + 3}-1${i}`, seq: 400 + i }, rng),
    }));
    const bad = makeIdNumber({ region: '530627', gender: '男', birthDate: '1988-08-08', seq: 450 }, rng);
    const badId = bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0'); // wrong check digit
    const lines = [
      '序号,姓名,性别,民族,身份证号,联系电话,家庭详细地址,所在地区代码,培训意愿',
      ...people.map((p, i) => `${i + 1},${p.name},${p.gender},汉族,${p.id},1390870${String(1000 + i)},云南省昭通市镇雄县乌峰街道测试村${i + 1}号,530627001001,电工`),
      `4,张错号,男,汉族,${badId},,云南省昭通市镇雄县乌峰街道测试村9号,530627001001,`,
    ];
    const csv = path.join(tmp, '摸底名单.csv');
    fs.writeFileSync(csv, `\uFEFF${lines.join('\r\n')}\r\n`);

    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-zhenxiong');
    await page.goto('/registry/import');
    await page.locator('input[type="file"]').setInputFiles(csv);
    await page.getByText('已选择：摸底名单.csv').waitFor();
    await screenshot(page, 'import-chosen');
    // Record that the live progress view was rendered and the event stream was opened.
    const streams: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/v1\/imports\/\d+\/events$/.test(r.url())) streams.push(r.url());
    });
    await page.evaluate(() => {
      const w = window as unknown as { sawProgress?: boolean };
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="import-progress"]')) w.sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByRole('button', { name: '开始导入' }).click();

    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { sawProgress?: boolean }).sawProgress)).toBe(true);
    expect(streams.length).toBeGreaterThan(0);
    const counts = await page.getByTestId('import-counts').innerText();
    expect(counts.replace(/\s+/g, ' ')).toMatch(/已处理行数 4 新增 3 更新 0 未变 0 拒绝 1/);
    await summary.getByText('共 4 行：新增 3，更新 0，未变 0，拒绝 1').waitFor();
    const problem = summary.locator('.ant-table-tbody tr.ant-table-row').first();
    const cells = (await problem.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(cells[0]).toBe('5'); // spreadsheet row number: header = 1
    expect(cells[1]).toBe('身份证号');
    expect(cells[2]).toBe(badId);
    expect(cells[4]).toBe('id.checksum');
    await screenshot(page, 'import-summary');

    const [download] = await Promise.all([page.waitForEvent('download'), summary.getByRole('button', { name: '下载错误报告' }).click()]);
    const report = await saveDownload(download, tmp);
    expect(report.name).toMatch(/导入错误报告-\d+\.xlsx$/);
    expect(fs.readFileSync(report.file).subarray(0, 2).toString()).toBe('PK'); // an .xlsx (zip)

    // The imported people are in the registry.
    await page.goto('/registry');
    await page.getByLabel('关键字').fill(people[0].id);
    await search(page);
    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: people[0].name }).waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('exports masked by default and unmasked only after the audit warning; downloads the template', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    await loginAs(page, 'demo-zhenxiong');
    await page.goto('/registry');
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();

    await page.getByRole('button', { name: /导\s*出/ }).first().click();
    let dialog = page.getByRole('dialog', { name: '导出台账' });
    await dialog.getByRole('radio', { name: 'CSV（.csv）' }).check();
    const [masked] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /导\s*出/ }).click()]);
    const maskedFile = await saveDownload(masked, tmp);
    expect(maskedFile.name).toMatch(/\.csv$/);
    const maskedText = fs.readFileSync(maskedFile.file, 'utf8');
    expect(maskedText).toContain('身份证号');
    expect(maskedText).toMatch(/\d{6}\*{8}[\dX]{4}/);
    expect(maskedText).not.toMatch(/(^|[,"])\d{17}[\dX]([,"]|$)/m);

    await page.getByRole('button', { name: /导\s*出/ }).first().click();
    dialog = page.getByRole('dialog', { name: '导出台账' });
    await dialog.getByRole('radio', { name: 'CSV（.csv）' }).check();
    await dialog.getByRole('checkbox', { name: '导出完整身份证号（记入审计日志）' }).check();
    await dialog.getByRole('button', { name: /导\s*出/ }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.locator('.ant-modal-confirm-title', { hasText: '确认导出完整身份证号？' }).waitFor();
    expect(await confirm.innerText()).toContain('记入审计日志');
    await screenshot(page, 'export-unmasked-confirm');
    const [unmasked] = await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: '确认导出' }).click()]);
    const unmaskedText = fs.readFileSync((await saveDownload(unmasked, tmp)).file, 'utf8');
    expect(unmaskedText).toMatch(/(^|[,"])\d{17}[\dX]([,"]|$)/m);

    const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载模板' }).click()]);
    expect(template.suggestedFilename()).toBe('精准扶贫对象登记汇总表-模板.xlsx');
    await ctx.close();
  });

  it('lets a village cadre register household members on a 360 px phone', async () => {
    const rng = makeRng(360);
    const head = { name: makeChineseName(rng), id: makeIdNumber({ region: '530627', gender: '女', birthDate: '1986-05-20', seq: 480 }, rng) };
    const ctx = await newContext(browser, server.baseUrl, { width: 360, height: 740 });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-village');
    await page.goto('/survey');
    await page.getByRole('heading', { name: '摸底登记' }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // One column: 姓名 and 身份证号 stack vertically, full width.
    const nameBox = await page.getByLabel('姓名', { exact: true }).boundingBox();
    const idBox = await page.getByLabel('身份证号', { exact: true }).boundingBox();
    expect(nameBox && idBox && idBox.y > nameBox.y + nameBox.height).toBe(true);
    expect(nameBox!.width).toBeGreaterThan(250);
    expect(nameBox!.height).toBeGreaterThanOrEqual(38); // large controls

    await page.getByLabel('姓名', { exact: true }).fill(head.name);
    // The ID number is checked in the browser with the registry's rules.
    await page.getByLabel('身份证号', { exact: true }).fill(head.id.slice(0, 17) + (head.id[17] === '1' ? '2' : '1'));
    await page.getByText('身份证号校验码错误（可能有数字录入错误）').waitFor();
    await page.getByLabel('身份证号', { exact: true }).fill(head.id);
    await page.getByText('身份证号校验码错误（可能有数字录入错误）').waitFor({ state: 'detached' });
    // 性别 follows from the ID number.
    await expect.poll(async () => page.locator('.ant-select').filter({ has: page.locator('#gender') }).innerText()).toContain('女');
    await pickOption(page, '民族', '彝族', { type: '彝' });
    await page.getByLabel('联系电话').fill('13908701234');
    // Region: a town, then a village of the cadre's county.
    await page.getByLabel('所在地区').click();
    await page.locator('.ant-cascader-menu').first().locator('.ant-cascader-menu-item').first().click();
    await page.locator('.ant-cascader-menu').nth(1).locator('.ant-cascader-menu-item').first().click();
    await page.keyboard.press('Escape');
    await page.getByLabel('家庭住址').fill('云南省昭通市镇雄县乌峰街道测试村3组8号');
    await page.getByLabel('户编号').fill('HH-E2E-360');
    await page.getByLabel('与户主关系').fill('户主');
    await page.keyboard.press('Escape');
    await pickOption(page, '文化程度', '初中');
    await pickOption(page, '劳动能力', '有劳动能力');
    await pickOption(page, '就业状态', '省外务工');
    await page.getByLabel('培训意愿').fill('电工');
    await page.keyboard.press('Escape');
    await pickOption(page, '就读意愿', '否');
    await expect.poll(async () => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'survey-360-filled');

    await page.getByRole('button', { name: '保存并登记下一位' }).click();
    await page.getByText('本户已登记 1 人，可继续登记下一位家庭成员').waitFor();
    // Ready for the next member: personal fields cleared, the household kept.
    expect(await page.getByLabel('姓名', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('身份证号', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('家庭住址').inputValue()).toBe('云南省昭通市镇雄县乌峰街道测试村3组8号');
    expect(await page.getByLabel('户编号').inputValue()).toBe('HH-E2E-360');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'survey-360-saved');

    // The same ID number again: the server's message is shown.
    await page.getByLabel('姓名', { exact: true }).fill(head.name);
    await page.getByLabel('身份证号', { exact: true }).fill(head.id);
    await pickOption(page, '民族', '彝族', { type: '彝' });
    await page.getByRole('button', { name: '保存并登记下一位' }).click();
    await page.getByTestId('survey-error').getByText('该身份证号已登记').waitFor();

    // The cadre finds the new person in the registry (masked).
    await page.goto('/registry');
    await page.getByLabel('关键字').fill(head.name);
    await search(page);
    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: head.name }).first().waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
