/**
 * The subsidy journey end to end, in Chromium against the real server (demo mode):
 *
 *   an institution opens 补贴申报 and submits a training-subsidy claim for one of its
 *   finished demo classes; the claim page explains the evaluator's verdict rule by rule;
 *   the county 人社 user finds it under 补贴审核 → 待我审核, reads the explanation and approves
 *   it (→ 审核中); the city user gives the final approval (→ 已批准, a payment is scheduled);
 *   the payment register lists it and exports it as Excel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, cstDatePlus, launchBrowser, loginAs, newContext, screenshot, startServer, watchErrors, type RunningServer } from './support.ts';

async function fillDate(page: Page, label: string, date: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.click();
  await box.fill(date);
  await box.press('Enter');
}

async function openMenu(page: Page, label: string, url: RegExp): Promise<void> {
  await page.getByTestId('main-menu').getByText(label, { exact: true }).click();
  await page.waitForURL(url);
}

/** Approves the claim on its page at the caller's level, with a comment. */
async function approveOnClaimPage(page: Page, comment: string): Promise<void> {
  const actions = page.getByTestId('review-actions');
  await actions.getByLabel('审核意见').fill(comment);
  await actions.getByRole('button', { name: '审核通过' }).click();
  // The 不予通过 confirmation of an earlier step may still be fading out: the visible one, exact name.
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /^通\s*过$/ }).click();
}

describe.skipIf(!chromiumAvailable())('subsidy journey: submit → rule-by-rule explanation → county and city approval → payment register (Chromium, real server)', () => {
  let browser: Browser;
  let server: RunningServer;
  let claimId = 0;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an institution submits a training-subsidy claim and sees the verdict explained rule by rule', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-institution');
    await openMenu(page, '补贴申报', /\/subsidy$/);
    await page.getByRole('tab', { name: '已申报' }).waitFor();

    await page.getByRole('button', { name: '新建申报' }).click();
    const dialog = page.getByRole('dialog', { name: '新建申报' });
    expect(await dialog.locator('.ant-select').first().innerText()).toContain('职业培训补贴');
    await dialog.getByLabel('培训班', { exact: true }).click();
    // Running classes are offered but disabled: a claim follows the end of the class.
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option:not(.ant-select-item-option-disabled)').first().click();
    await screenshot(page, 'subsidy-create');
    await dialog.getByRole('button', { name: '提交申报' }).click();

    await page.waitForURL(/\/subsidy\/claims\/\d+$/);
    claimId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(claimId).toBeGreaterThan(0);
    const rules = page.getByTestId('rule-table');
    await rules.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    expect(await rules.innerText()).toContain('training.standard');
    expect(await rules.innerText()).toMatch(/通过|核减|未通过/);
    expect(await page.getByTestId('claim-info').innerText()).toMatch(/核验金额（元）\s*[\d,]+\.\d{2}/);
    expect(await page.getByTestId('claim-info').innerText()).toContain('已申报');
    await page.getByTestId('review-actions').waitFor({ state: 'detached' });
    await screenshot(page, 'subsidy-claim-submitted');

    // The list shows the claim under its status tab, money in yuan with two decimals.
    await openMenu(page, '补贴申报', /\/subsidy$/);
    await page.getByRole('tab', { name: '已申报' }).click();
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ has: page.getByRole('link', { name: String(claimId), exact: true }) });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/职业培训补贴[\s\S]*\d+\.\d{2}[\s\S]*已申报/);
    // The submission-day filter: today keeps it, a range ending yesterday does not.
    await fillDate(page, '申报日期自', cstDatePlus(0));
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await row.waitFor();
    await fillDate(page, '申报日期自', cstDatePlus(-30));
    await fillDate(page, '至', cstDatePlus(-1));
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByText('共 0 条').or(page.locator('.ant-empty')).first().waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the county 人社 user reviews it from 待我审核, reads the explanation and approves it', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-zhenxiong');
    await openMenu(page, '补贴审核', /\/subsidy\/review$/);
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ has: page.getByRole('link', { name: String(claimId), exact: true }) });
    await row.waitFor();
    expect(await row.innerText()).toContain('县级审核');
    await screenshot(page, 'subsidy-review-list');
    await row.getByRole('link', { name: '审核' }).click();
    await page.waitForURL(new RegExp(`/subsidy/claims/${claimId}$`));

    const rules = page.getByTestId('rule-table');
    await rules.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    expect(await rules.innerText()).toContain('符合条件，按标准补贴');
    // A 不予通过 needs a comment.
    await page.getByTestId('review-actions').getByRole('button', { name: '不予通过' }).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '不予通过' }).click();
    await page.getByText('不予通过时请填写审核意见').waitFor();

    await approveOnClaimPage(page, '材料齐全，核验无误');
    await page.getByText('已通过本级审核，转上级审核').waitFor();
    await page.getByTestId('claim-info').getByText('审核中').waitFor();
    // Decided at this level: the county has nothing more to do here.
    await page.getByTestId('review-actions').waitFor({ state: 'detached' });
    const history = page.getByTestId('review-history');
    await history.getByText('县级审核').waitFor();
    expect(await history.innerText()).toContain('材料齐全，核验无误');
    await screenshot(page, 'subsidy-county-approved');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the city user approves it finally; the payment register lists it and exports Excel', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-city');
    await openMenu(page, '补贴审核', /\/subsidy\/review$/);
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ has: page.getByRole('link', { name: String(claimId), exact: true }) });
    await row.waitFor();
    expect(await row.innerText()).toContain('市级审核');
    await row.getByRole('link', { name: '审核' }).click();
    await page.getByTestId('rule-table').locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await approveOnClaimPage(page, '同意拨付');
    await page.getByText(/已批准，核定金额 [\d,]+\.\d{2} 元/).waitFor();
    await page.getByTestId('claim-info').getByText('已批准').waitFor();
    await page.getByTestId('review-actions').waitFor({ state: 'detached' });
    await page.getByText('待发放').first().waitFor();
    await screenshot(page, 'subsidy-city-approved');

    await openMenu(page, '拨付台账', /\/subsidy\/payments$/);
    const payment = page.locator('.ant-table-tbody tr.ant-table-row').filter({ has: page.getByRole('link', { name: String(claimId), exact: true }) });
    await payment.waitFor();
    expect(await payment.innerText()).toMatch(/职业培训补贴[\s\S]*\d+\.\d{2}[\s\S]*待发放/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出 Excel/ }).click();
    expect((await download).suggestedFilename()).toBe('补贴发放台账.xlsx');
    await screenshot(page, 'subsidy-payments');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
