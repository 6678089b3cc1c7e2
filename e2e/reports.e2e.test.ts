/**
 * The /reports page end to end, in Chromium against the real server in demo mode: a county
 * user previews the training progress of its county (rows and the 合计 row), switches to the
 * registration summary (masked ID numbers) and downloads the table as Excel.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchBrowser, loginAs, newContext, screenshot, startServer, watchErrors, type RunningServer } from './support.ts';

describe.skipIf(!chromiumAvailable())('reports page (Chromium, real server in demo mode)', () => {
  let server: RunningServer;
  let browser: Browser;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-e2e-reports-'));

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('previews a report of the county and downloads it', async () => {
    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-zhenxiong');
    await page.goto('/reports');
    const table = page.locator('.ant-table');
    await expect.poll(() => table.getByRole('cell', { name: '合计', exact: true }).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => table.getByRole('cell', { name: '镇雄县（本级）' }).count()).toBe(1);
    expect(await table.getByRole('cell', { name: '鲁甸县' }).count()).toBe(0);

    await page.getByTitle('全省农村劳动力技能脱贫培训工作进展情况表', { exact: true }).click();
    await page.locator('.ant-select-item-option[title="精准扶贫对象登记汇总表"]').click();
    await expect.poll(() => table.getByRole('columnheader', { name: '身份证号' }).count(), { timeout: 30_000 }).toBe(1);
    const idCell = await table.locator('tbody tr').nth(1).locator('td').nth(5).innerText();
    expect(idCell).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    await screenshot(page, 'reports-registration-summary');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载 Excel/ }).click()]);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/精准扶贫对象登记汇总表.*\.xlsx$/);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    await context.close();
  });
});
