/**
 * 政策设置 end to end, in Chromium against the real server in demo mode: the provincial
 * administrator copies the national default into a draft, raises one figure in the form
 * (entered in yuan, stored in fen), sees it in the diff, publishes the version (then
 * read-only), and runs a what-if batch whose decision depends on the changed figure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, loginAs, newContext, screenshot, startServer, watchErrors, type RunningServer } from './support.ts';

/** 60 days × (20 + 30) yuan = 3,000 yuan: over the default 2,500 per class, within 3,000. */
const BATCH = {
  people: [{ id: 'P1', groups: ['lifted_out_of_poverty'] }],
  history: [],
  institutions: [{ id: 'I1', blacklisted_since: null }],
  enterprises: [],
  classes: [
    {
      id: 'K1',
      type: 'employment_skills',
      key_group: false,
      institution: 'I1',
      start: '2026-03-01',
      end: '2026-04-30',
      standard: 1200,
      trainees: [{ person: 'P1', registered_before_start: true, completed: true, passed: true, days_attended: 60, employed: false }],
    },
  ],
  claims: [{ id: 'C1', kind: 'living_allowance', class: 'K1', person: 'P1', living_per_day: 20, transport_per_day: 30, date: '2026-05-10' }],
};

describe.skipIf(!chromiumAvailable())('policy sets: copy → edit a figure → diff → publish → what-if (Chromium, real server)', () => {
  let server: RunningServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[];
  const setId = `yunnan-e2e-${String(Date.now()).slice(-6)}`;
  const setName = '云南省职业培训补贴政策（e2e）';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ctx = await newContext(browser, server.baseUrl);
    page = await ctx.newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await server?.stop();
  });

  it('the province administrator opens 政策设置 and sees the built-in sets', async () => {
    await loginAs(page, 'demo-province');
    await page.getByTestId('main-menu').getByText('政策设置').click();
    await page.waitForURL(/\/policy$/);
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ has: page.locator('code', { hasText: /^national-default$/ }) });
    await row.getByText('内置（已发布）').waitFor();
    await row.getByText('全国', { exact: true }).waitFor();
    await row.getByText('2019-01-01 至 长期').waitFor();
    await screenshot(page, 'policy-list');
  });

  it('copies national-default into a draft', async () => {
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ has: page.locator('code', { hasText: /^national-default$/ }) });
    await row.getByRole('button', { name: /复制为新版本/ }).click();
    const dialog = page.getByRole('dialog', { name: '复制为新版本' });
    await dialog.getByText('全国默认职业培训补贴政策（national-default 第 1 版）').waitFor();
    await dialog.getByLabel('政策集编号').fill('Bad Id');
    await dialog.getByRole('button', { name: /复\s*制/ }).click();
    await dialog.getByText('编号为 2–64 位小写字母、数字和连字符').waitFor();
    await dialog.getByLabel('政策集编号').fill(setId);
    await dialog.getByLabel('政策集名称').fill(setName);
    await dialog.getByRole('button', { name: /复\s*制/ }).click();
    await page.waitForURL(new RegExp(`/policy/${setId}/1$`));
    await page.getByText(`已复制为草稿：${setId} 第 1 版`).waitFor();
    await page.locator('.page').getByText('草稿', { exact: true }).first().waitFor();
    // The figures of the copy, in yuan and percent.
    expect(await page.getByLabel('每期补贴上限').inputValue()).toBe('2500.00');
    expect(await page.getByLabel('无更高等级证书时的补贴比例').inputValue()).toBe('70.00');
    await screenshot(page, 'policy-form');
  });

  it('changes one figure in the form, saves it as fen and sees it in the diff', async () => {
    const cap = page.getByLabel('每期补贴上限');
    await cap.fill('3000');
    await cap.blur();
    await page.getByRole('button', { name: /保存草稿/ }).click();
    await page.getByText('草稿已保存').waitFor();
    const stored = await page.evaluate(async (id) => {
      const res = await fetch(`/api/v1/policy-sets/${id}/1`);
      return ((await res.json()) as { document: { living_allowance: { per_class_cap_fen: number } } }).document.living_allowance.per_class_cap_fen;
    }, setId);
    expect(stored).toBe(300000);

    await page.getByRole('tab', { name: '变更对比' }).click();
    const diffRow = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '每期补贴上限' });
    await diffRow.waitFor();
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await diffRow.getByText('生活费、交通费补贴', { exact: true }).waitFor();
    await diffRow.getByText('2,500.00 元').waitFor();
    await diffRow.getByText('3,000.00 元').waitFor();
    await screenshot(page, 'policy-diff');
  });

  it('publishes the draft after confirmation; the version is then read-only', async () => {
    await page.locator('button').filter({ hasText: /^发\s*布$/ }).click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await confirm.getByText('发布后该版本不可修改').waitFor();
    await confirm.getByRole('button', { name: /确认发布/ }).click();
    await page.getByText(`已发布：${setName}（第 1 版），该版本不可再修改`).waitFor();
    await page.getByText('该版本已发布，不可修改。').waitFor();
    await page.getByRole('tab', { name: '政策参数' }).click();
    expect(await page.getByLabel('每期补贴上限').isDisabled()).toBe(true);
    expect(await page.getByLabel('每期补贴上限').inputValue()).toBe('3000.00');
    expect(await page.getByRole('button', { name: /保存草稿/ }).count()).toBe(0);

    await page.goto('/policy');
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ has: page.locator('code', { hasText: setId }) });
    await row.getByText('已发布', { exact: true }).waitFor();
    await row.getByText('national-default@1').waitFor();
  });

  it('runs a what-if batch with the published version and sees the decision explained', async () => {
    await page.goto(`/policy/${setId}/1`);
    await page.getByRole('tab', { name: '模拟试算' }).click();
    await page.getByLabel('申报批次 JSON').fill('{not json');
    await page.getByRole('button', { name: /开始试算/ }).click();
    await page.getByText(/JSON 格式有误/).waitFor();

    await page.getByLabel('申报批次 JSON').fill(JSON.stringify(BATCH, null, 2));
    await page.getByRole('button', { name: /开始试算/ }).click();
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'C1' });
    await row.waitFor();
    // Within the raised cap of 3,000 yuan: paid in full (the national default would cap it at 2,500).
    await row.getByText('全额通过').waitFor();
    await row.getByText('3,000.00 元').waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByText('按标准补贴（living.standard）').waitFor();
    await screenshot(page, 'policy-what-if');
    expect(errors).toEqual([]);
  });
});
