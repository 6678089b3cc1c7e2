/**
 * The required training journey end to end, in Chromium against the real server:
 *
 *   today (server 1):     an institution creates a class starting TOMORROW and files it
 *                         (开班备案 must precede the start); the county 人社 user approves it
 *                         (a 退回 needs a comment); the trainee registers online (网上报名).
 *   tomorrow (server 2):  the same data directory, the server clock one day ahead
 *                         (JINENG_CLOCK_OFFSET_MS, honoured in demo mode only): the class has
 *                         started; the institution opens today's session and shows the rotating
 *                         sign-in QR code full screen; the trainee signs in with the link it
 *                         holds; the roster counts the day; a roll call does not count it twice.
 *
 * The server clock cannot be moved from outside a running server, hence the restart.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeChineseName, makeIdNumber, makeRng } from '../server/test/fake-people.ts';
import { chromiumAvailable, cstDatePlus, launchBrowser, loginAs, newContext, pickOption, screenshot, startServer, watchErrors, type RunningServer } from './support.ts';

const DAY_MS = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fillDate(page: Page, label: string, date: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.click();
  await box.fill(date);
  await box.press('Enter');
}

/** Decodes a PNG with zbarimg when it is installed (a developer aid; CI may lack it). */
function decodeQr(png: string): string | null {
  const r = spawnSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return r.stdout.trim();
}

describe.skipIf(!chromiumAvailable())('training journey: file → approve → register → sign in with the QR code (Chromium, real server)', () => {
  let browser: Browser;
  let server: RunningServer | null = null;
  let dataDir: string | null = null;
  const stamp = String(Date.now()).slice(-6);
  const className = `电工就业技能培训班（e2e ${stamp}）`;
  const tomorrow = cstDatePlus(1);
  const endDate = cstDatePlus(5);
  let classId = 0;
  /** A registry person added by the county user, enrolled late by the institution. */
  const late = { name: '', idNumber: '' };

  beforeAll(async () => {
    server = await startServer({}, { keepData: true });
    dataDir = server.dataDir;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('an institution creates a class that starts tomorrow and files it before the start', async () => {
    const ctx = await newContext(browser, server!.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-institution');
    await page.goto('/training');
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await page.getByRole('button', { name: '新建培训班' }).click();
    const dialog = page.getByRole('dialog', { name: '新建培训班' });
    await dialog.getByLabel('班级名称').fill(className);
    await pickOption(page, '培训工种', /^电工/, { type: '电工' });
    await pickOption(page, '培训等级', '五级（初级工）');
    // A class starting today could never be filed in time: the form says so.
    await fillDate(page, '开班日期', cstDatePlus(0));
    await dialog.getByText('开班日期须晚于今天，以便在开班前完成备案').waitFor();
    await fillDate(page, '开班日期', tomorrow);
    await fillDate(page, '结业日期', endDate);
    await dialog.getByLabel('培训地点').fill('镇雄县乌峰街道职业技能实训基地二楼');
    await dialog.getByLabel('授课教师').fill('王老师、李老师');
    await screenshot(page, 'training-create');
    await dialog.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('培训班已保存为草稿').waitFor();

    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: className });
    await row.getByText('草稿').waitFor();
    classId = Number((await row.getByRole('link', { name: className }).getAttribute('href'))?.split('/').pop());
    expect(classId).toBeGreaterThan(0);
    await row.getByRole('button', { name: '开班备案' }).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('已提交开班备案，等待人社部门审核').waitFor();
    await row.getByText('已备案待审核').waitFor();
    await row.getByText('备案及时').waitFor();
    await screenshot(page, 'training-filed');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the county 人社 user approves it (a 退回 requires a comment)', async () => {
    const ctx = await newContext(browser, server!.baseUrl);
    const page = await ctx.newPage();
    await loginAs(page, 'demo-zhenxiong');
    await page.goto('/training/review');
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: className });
    await row.waitFor();
    await row.getByText('备案及时').waitFor();

    await row.getByRole('button', { name: /退\s*回/ }).click();
    const reject = page.getByRole('dialog', { name: `退回：${className}` });
    await reject.getByRole('button', { name: /退\s*回/ }).click();
    await reject.getByText('退回时请填写意见').waitFor();
    await reject.getByRole('button', { name: /取\s*消/ }).click();
    await reject.waitFor({ state: 'hidden' });

    await screenshot(page, 'training-review');
    await row.getByRole('button', { name: /通\s*过/ }).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /^通\s*过$/ }).click();
    await page.getByText(`已通过“${className}”的开班备案`).waitFor();
    await row.waitFor({ state: 'detached' });

    // A person registered today, whom the institution will enrol after the start.
    late.name = makeChineseName(makeRng(7));
    late.idNumber = makeIdNumber({ region: '530627', gender: '女', birthDate: '1998-07-07', seq: 490 }, makeRng(8));
    const created = await page.evaluate(async (p) => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/persons', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ name: p.name, gender: '女', nationality: '汉族', idNumber: p.idNumber, address: '云南省昭通市镇雄县乌峰街道测试村7号' }),
      });
      return res.status;
    }, late);
    expect(created).toBe(201);

    // The class page for 人社: details and the supervision (抽查) form.
    await page.goto(`/training/classes/${classId}`);
    await page.getByText('已审核通过').first().waitFor();
    await page.getByRole('tab', { name: '抽查' }).waitFor();
    await ctx.close();
  });

  it('the trainee registers online before the start', async () => {
    const ctx = await newContext(browser, server!.baseUrl, { width: 390, height: 844 });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-trainee');
    await page.waitForURL(/\/me$/);
    const card = page.getByTestId('my-class').filter({ hasText: className });
    await card.getByText('报名中').waitFor();
    await card.getByRole('button', { name: '网上报名' }).click();
    const dialog = page.getByRole('dialog', { name: '网上报名' });
    await dialog.getByRole('button', { name: '确认报名' }).click();
    // Either plain success, or success with warnings (e.g. an overlapping demo class).
    const warned = page.locator('.ant-modal-confirm').filter({ hasText: `已报名：${className}` });
    await Promise.race([page.getByText(`报名成功：${className}`).waitFor(), warned.waitFor()]);
    if (await warned.isVisible()) await warned.getByRole('button').last().click();
    await card.getByText('已报名').first().waitFor();
    await expect.poll(async () => card.innerText()).toMatch(/已报名 1 \/ 30 人/);
    await screenshot(page, 'training-registered');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the next day, the trainee signs in with the QR code shown on the institution screen', async () => {
    // Tomorrow: the same data, the server clock one day ahead.
    await server!.stop();
    server = null;
    server = await startServer({ JINENG_CLOCK_OFFSET_MS: String(DAY_MS) }, { dataDir: dataDir!, keepData: true });

    const inst = await (await newContext(browser, server.baseUrl)).newPage();
    const trainee = await (await newContext(browser, server.baseUrl, { width: 390, height: 844 })).newPage();
    const errors = watchErrors(inst);
    const traineeErrors = watchErrors(trainee);
    await loginAs(inst, 'demo-institution');
    await loginAs(trainee, 'demo-trainee');

    await inst.goto(`/training/classes/${classId}`);
    await inst.getByRole('tab', { name: /花名册/ }).click();
    const roster = inst.getByTestId('roster');
    const traineeRow = roster.locator('.ant-table-tbody tr.ant-table-row').first();
    await traineeRow.waitFor();
    expect(await roster.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    const rowText = await traineeRow.innerText();
    expect(rowText).toContain('网上报名');
    expect(rowText).toMatch(/\d{6}\*{8}[\dX]{4}/);

    await inst.getByRole('tab', { name: '课次与签到' }).click();
    // The form proposes the server's "today" = the class's first day.
    expect(await inst.getByLabel('上课日期').inputValue()).toBe(tomorrow);
    await inst.getByLabel('课次名称').fill('安全用电基础');
    await inst.getByRole('button', { name: '打开课次并出示签到码' }).click();
    const screen = inst.getByTestId('qr-screen');
    await screen.getByTestId('qr-text').waitFor();

    // Read a code early in its 30 s window (the server accepts the previous one for 5 s more).
    const into = Date.now() % 30_000;
    if (into > 18_000) await sleep(30_000 - into + 4_000);
    await expect.poll(async () => (await screen.getByTestId('qr-text').innerText()).trim(), { timeout: 10_000 }).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const code = (await screen.getByTestId('qr-text').innerText()).trim();
    const sessionId = Number((await screen.getByTestId('qr-session').innerText()).trim());
    const link = (await screen.getByTestId('qr-link').innerText()).trim();
    expect(link).toBe(`${server.baseUrl}/sign-in?session=${sessionId}&code=${code}`);
    expect(await screen.getByTestId('qr-code').getAttribute('data-value')).toBe(link);

    // The trainee's phone opens the link held by the QR code: signed in at once.
    await trainee.goto(new URL(link).pathname + new URL(link).search);
    await trainee.getByText('签到成功').waitFor();
    await screenshot(trainee, 'training-signed-in');

    // The QR image encodes the same link (checked with zbarimg where it is installed).
    fs.mkdirSync(path.join(os.tmpdir(), 'jineng-e2e-qr'), { recursive: true });
    const png = path.join(os.tmpdir(), 'jineng-e2e-qr', `qr-${stamp}.png`);
    await screen.getByTestId('qr-code').screenshot({ path: png });
    const decoded = decodeQr(png);
    if (decoded !== null) expect(decoded).toMatch(new RegExp(`^${server.baseUrl.replace(/[.]/g, '\\.')}/sign-in\\?session=${sessionId}&code=[2-9A-HJKMNP-Z]{8}$`));
    else process.stderr.write('E2E: zbarimg not installed; the QR image was not decoded (the encoder has unit tests).\n');
    await screenshot(inst, 'training-qr-screen');
    await screen.getByRole('button', { name: /关\s*闭/ }).click();

    // A roll call for the trainee now records nothing new (already signed in).
    const current = inst.locator('.ant-card').filter({ hasText: '当前课次' });
    await current.getByRole('row').filter({ hasText: rowText.split('\t')[0].split('\n')[0].trim() }).getByRole('checkbox').check();
    await current.getByRole('button', { name: /点名签到（1 人）/ }).click();
    await inst.getByText('所选学员已签到，无需重复点名').waitFor();

    // The roster counts the day of attendance.
    await inst.reload();
    await inst.getByRole('tab', { name: /花名册/ }).click();
    await expect.poll(async () => (await inst.getByTestId('roster').locator('.ant-table-tbody tr.ant-table-row td:nth-child(6)').first().innerText()).trim()).toBe('1');
    await screenshot(inst, 'training-roster-attended');

    // 登记学员 after the start: the real-name check passes, the subsidy warning is shown.
    await inst.getByRole('tab', { name: /花名册/ }).click();
    await inst.getByLabel('身份证号').fill(late.idNumber);
    await inst.getByLabel('姓名').fill(late.name);
    await inst.getByRole('button', { name: '登记学员' }).click();
    const enrolled = inst.getByTestId('enrol-result');
    await enrolled.getByText(`已登记 ${late.name}`).waitFor();
    expect(await enrolled.innerText()).toContain('开班后登记的学员不计入补贴');
    await inst.getByTestId('roster').getByText('否（不计补贴）').waitFor();
    // A name that differs from the registry fails the real-name check.
    await inst.getByLabel('身份证号').fill(late.idNumber);
    await inst.getByLabel('姓名').fill('张冒名');
    await inst.getByRole('button', { name: '登记学员' }).click();
    await inst.getByTestId('enrol-result').getByText('实名核验未通过：姓名与台账登记不一致').waitFor();
    await screenshot(inst, 'training-enrol-late');

    // A replayed or wrong code is refused with the server's message.
    await trainee.goto(`/sign-in?session=${sessionId}&code=ZZZZZZZZ`);
    await trainee.getByTestId('sign-in-error').getByText('签到码无效或已过期，请重新扫码').waitFor();
    expect(errors).toEqual([]);
    expect(traineeErrors).toEqual([]);
  });
});
