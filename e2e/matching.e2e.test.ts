/**
 * Precise matching end to end, in Chromium against the real server in demo mode (whose seed
 * loads a fictional poverty-registry extract and runs one training match with a few
 * near-misses):
 *
 *   扶贫 user:        精准比对 lists the demo extract; starts a run over the county's registry
 *                     persons and follows it to 已完成 with its tier counts; opens 人工复核,
 *                     sees a candidate side by side and accepts it (a reason is required);
 *                     imports a new extract, which becomes the current version.
 *   institution user: 比对反馈 lists its registered-poor trainees (masked); exports the list
 *                     as CSV; the tabs switch.
 *   school user:      比对反馈 opens (its list may be empty).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { makeChineseName, makeIdNumber, makeRng } from '../server/test/fake-people.ts';
import { chromiumAvailable, launchBrowser, loginAs, newContext, screenshot, startServer, watchErrors, type RunningServer } from './support.ts';

describe.skipIf(!chromiumAvailable())('precise matching: run, review, feedback (Chromium, real server)', () => {
  let browser: Browser;
  let server: RunningServer | null = null;
  let tmp: string | null = null;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-e2e-matching-'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a 扶贫 user starts a match run, follows it to the end and accepts a queued candidate with a reason', async () => {
    const ctx = await newContext(browser, server!.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-fupin');
    await page.getByRole('menuitem', { name: '精准比对' }).click();
    await page.waitForURL('**/matching');
    const snapshots = page.getByTestId('snapshot-table');
    await snapshots.getByText('建档立卡数据（演示）.csv').waitFor();
    await snapshots.getByText('当前版本').waitFor();
    // The demo seed's training run is listed with its counts.
    await page.getByTestId('run-table').getByText('培训学员').waitFor();

    await page.getByRole('radio', { name: '辖区台账人员' }).check({ force: true });
    await page.getByRole('button', { name: '发起比对' }).click();
    const live = page.getByTestId('live-run');
    await live.waitFor();
    await live.getByText('已完成').waitFor({ timeout: 60_000 });
    await live.getByText(/^精确 \d+$/).waitFor();
    const exact = Number((await live.getByText(/^精确 \d+$/).textContent())?.replace(/\D/g, ''));
    expect(exact).toBeGreaterThan(0);
    await page.getByTestId('run-table').getByText('台账人员').waitFor();
    await screenshot(page, 'matching-run');

    await page.getByRole('button', { name: '人工复核' }).click();
    await page.waitForURL('**/matching/reviews');
    const items = page.getByTestId('review-item');
    await items.first().waitFor();
    const before = await items.count();
    // A 模糊 candidate shows the differing ID digits highlighted.
    const fuzzy = items.filter({ has: page.locator('.ant-tag', { hasText: /^模糊$/ }) }).first();
    await fuzzy.waitFor();
    expect(await fuzzy.getByTestId('id-diff').count()).toBeGreaterThan(0);
    await fuzzy.getByRole('cell', { name: '出生日期', exact: true }).waitFor();
    await fuzzy.getByRole('columnheader', { name: '建档立卡候选' }).waitFor();
    await screenshot(page, 'matching-reviews');

    const first = items.first();
    const name = (await first.locator('.ant-card-head-title a').textContent()) ?? '';
    await first.getByRole('button', { name: '确认匹配' }).click();
    const dialog = page.getByRole('dialog', { name: `确认匹配：${name}` });
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await dialog.getByText('请填写复核理由').waitFor();
    await dialog.getByLabel('复核理由').fill('经入户核实为同一人，登记姓名为曾用名');
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await page.getByText(`已确认“${name}”为建档立卡人员`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => items.count()).toBe(before - 1);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('a 扶贫 user imports a new registry extract, which becomes the current version', async () => {
    const rng = makeRng(20260);
    const rows = Array.from({ length: 3 }, (_, i) => [makeIdNumber({ region: '530627' }, rng), makeChineseName(rng), '', `FPE2E${i}`, '户主', '530627', '未脱贫'].join(','));
    const file = path.join(tmp!, '建档立卡e2e.csv');
    fs.writeFileSync(file, '\ufeff' + ['身份证号,姓名,性别,户编号,与户主关系,所在地区代码,贫困状态', ...rows].join('\r\n'));
    const ctx = await newContext(browser, server!.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-fupin');
    await page.goto('/matching');
    await page.getByTestId('snapshot-table').getByText('建档立卡数据（演示）.csv').waitFor();
    await page.getByRole('button', { name: '导入新版本' }).click();
    const dialog = page.getByRole('dialog', { name: '导入建档立卡数据' });
    await dialog.locator('input[type="file"]').setInputFiles(file);
    await dialog.getByText('已选择：建档立卡e2e.csv').waitFor();
    await dialog.getByRole('button', { name: '上传并导入' }).click();
    await page.getByText('已导入建档立卡数据 3 条').waitFor();
    const row = page.getByTestId('snapshot-table').locator('tr.ant-table-row').filter({ hasText: '建档立卡e2e.csv' });
    await row.getByText('当前版本').waitFor();
    await page.getByTestId('snapshot-table').locator('tr.ant-table-row').filter({ hasText: '建档立卡数据（演示）.csv' }).getByText('历史版本').waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('an institution sees its registered-poor trainees in 比对反馈, and a school opens its own', async () => {
    const ctx = await newContext(browser, server!.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-institution');
    await page.getByRole('menuitem', { name: '比对反馈' }).click();
    await page.waitForURL('**/feedback');
    const list = page.getByTestId('feedback-matched');
    await list.locator('tr.ant-table-row').first().waitFor();
    expect(await list.locator('tr.ant-table-row').count()).toBeGreaterThan(0);
    await expect.poll(async () => (await list.locator('tr.ant-table-row').first().textContent()) ?? '').toMatch(/\d{6}\*{8}/);
    await screenshot(page, 'matching-feedback');
    // The export is a CSV of the same masked list.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出当前列表' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^比对反馈-建档立卡学员-第\d+次比对\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\ufeff姓名,身份证号（脱敏）,贫困状态,培训班编号,变化');
    expect(csv).toMatch(/\d{6}\*{8}/);
    await page.getByRole('tab', { name: /不再匹配/ }).click();
    await page.getByTestId('feedback-gone').waitFor();
    await page.getByRole('tab', { name: /新增匹配/ }).click();
    await page.getByTestId('feedback-new').waitFor();
    expect(errors).toEqual([]);
    await ctx.close();

    const sctx = await newContext(browser, server!.baseUrl);
    const school = await sctx.newPage();
    await loginAs(school, 'demo-school');
    await school.goto('/feedback');
    await school.getByRole('heading', { name: '比对反馈' }).waitFor();
    await school.getByText('昭通乌蒙技工学校（演示）').first().waitFor();
    await sctx.close();
  });
});
