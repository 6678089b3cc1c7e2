/**
 * The web shell end to end, in Chromium against the real server in demo mode: login and its
 * errors, per-role menus and dashboards, the 401 → login → return path, 403/404 pages, the
 * audit log, logout, a phone-width viewport and the login page's JavaScript weight.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, horizontalOverflow, launchBrowser, loginAs, newContext, screenshot, startServer, watchErrors, type RunningServer } from './support.ts';

const LOGIN_JS_BUDGET_GZIP = 500 * 1024; // quality.md: login page JS ≤ 500 KB gzipped

/** Labels of the entries of the left menu. */
async function menuLabels(page: Page): Promise<string[]> {
  const menu = page.getByTestId('main-menu');
  await menu.waitFor({ state: 'visible' });
  return (await menu.locator('li[role="menuitem"]').allInnerTexts()).map((t) => t.trim());
}

async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: /退出登录/ }).click();
  await page.waitForURL(/\/login/);
}

describe.skipIf(!chromiumAvailable())('web shell (Chromium, real server in demo mode)', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    process.stderr.write(`E2E: server healthy after ${(server.startupMs / 1000).toFixed(1)} s at ${server.baseUrl}\n`);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves a small Chinese login page with the demo banner', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const scripts: Promise<number>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.body().then((b) => zlib.gzipSync(b, { level: 9 }).length));
    });
    await page.goto('/login');
    await page.getByText('技能扶贫与职业培训实名制管理平台').first().waitFor();
    const banner = page.getByTestId('demo-banner');
    await banner.waitFor();
    const bannerText = await banner.innerText();
    for (const u of ['admin', 'demo-city', 'demo-zhenxiong', 'demo-ludian', 'demo-fupin', 'demo-school', 'demo-institution', 'demo-enterprise', 'demo-trainee']) {
      expect(bannerText).toContain(u);
    }
    expect(bannerText).toContain('jineng-demo');
    await page.waitForLoadState('networkidle');
    const gz = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
    process.stderr.write(`E2E: login page JavaScript ${(gz / 1024).toFixed(1)} KB gzipped in ${scripts.length} files\n`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(gz).toBeLessThanOrEqual(LOGIN_JS_BUDGET_GZIP);
    // No chart library on the login page.
    const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(urls.some((u) => /echarts/.test(u))).toBe(false);
    await screenshot(page, 'login');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('shows the server message for a wrong password and for an empty form', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('请输入用户名').first().waitFor();
    await page.getByLabel('用户名').fill('demo-ludian');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('login-error').getByText('用户名或密码错误').waitFor();
    expect(page.url()).toMatch(/\/login/);
    await screenshot(page, 'login-wrong-password');
    await ctx.close();
  });

  it('county HR staff: registry menu, scope, dashboard numbers, 404, 403 and logout', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto('/login');
    // The banner fills the form.
    await page.getByTestId('demo-banner').getByRole('button', { name: 'demo-zhenxiong' }).click();
    expect(await page.getByLabel('用户名').inputValue()).toBe('demo-zhenxiong');
    expect(await page.getByLabel('密码').inputValue()).toBe('jineng-demo');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('user-menu').waitFor();

    const menu = await menuLabels(page);
    expect(menu).toContain('工作台');
    expect(menu).toContain('实名台账');
    expect(menu).not.toContain('审计日志');
    expect(await page.getByTestId('scope').innerText()).toContain('镇雄县');

    const cards = page.getByTestId('dashboard-cards');
    await cards.waitFor();
    const values = await cards.locator('.ant-statistic-content-value').allInnerTexts();
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(v.trim()).toMatch(/^\d[\d,]*(\.\d+)?$/);
    await screenshot(page, 'dashboard-zhenxiong');

    // Region browser.
    await page.getByTestId('main-menu').getByText('行政区划').click();
    await page.waitForURL(/\/regions$/);
    await page.getByRole('cell', { name: '云南省' }).getByText('云南省').click();
    await page.getByRole('cell', { name: '昭通市' }).getByText('昭通市').click();
    await page.getByRole('cell', { name: '镇雄县' }).waitFor();
    // The cascader follows the browsing path.
    expect(await page.locator('.ant-cascader').innerText()).toContain('云南省 / 昭通市');
    await screenshot(page, 'regions');

    // Unknown route → 404 inside the shell; a page outside the menu → 403.
    await page.goto('/no-such-page');
    await page.locator('.ant-result-404').waitFor();
    expect(await page.locator('.ant-result').innerText()).toContain('页面不存在');
    await screenshot(page, 'not-found');
    await page.goto('/audit');
    await page.locator('.ant-result-403').waitFor();
    expect(await page.locator('.ant-result').innerText()).toContain('您无权访问此页面');
    await screenshot(page, 'forbidden');

    await page.goto('/');
    await logout(page);
    await page.getByLabel('用户名').waitFor();
    // The session is gone on the server: the shell sends us back to the login page.
    await page.goto('/regions');
    await page.waitForURL(/\/login\?next=%2Fregions/);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('trainee: a different, smaller menu without the registry', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    await loginAs(page, 'demo-trainee');
    const menu = await menuLabels(page);
    expect(menu).not.toContain('实名台账');
    expect(menu).not.toContain('工作台');
    expect(menu).toContain('我的');
    // No dashboard for trainees: home opens their first menu entry.
    await page.waitForURL(/\/me$/);
    await page.getByRole('heading', { name: '我的培训' }).waitFor();
    await screenshot(page, 'trainee');
    await logout(page);
    await ctx.close();
  });

  it('returns to the requested page after login and shows the audit log with a verified chain', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    await page.goto('/audit');
    await page.waitForURL(/\/login\?next=%2Faudit/);
    await page.getByLabel('用户名').fill('demo-audit');
    await page.getByLabel('密码').fill('jineng-demo');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(/\/audit$/);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.locator('.ant-pagination').innerText()).toMatch(/共 \d+ 条/);
    // Failed logins of the earlier test are in the log.
    await page.getByText('登录失败').first().waitFor();
    await page.getByRole('button', { name: /校验哈希链/ }).click();
    await page.locator('.ant-modal-confirm-title', { hasText: '哈希链校验通过' }).waitFor();
    await screenshot(page, 'audit');
    await ctx.close();
  });

  it('works at 360 px: no horizontal scroll on the login page or the dashboard', async () => {
    const ctx = await newContext(browser, server.baseUrl, { width: 360, height: 740 });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByTestId('demo-banner').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'login-360');

    await loginAs(page, 'demo-city');
    await page.getByTestId('dashboard-cards').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // The menu lives in a drawer on phones.
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByTestId('main-menu').getByText('实名台账').waitFor();
    await screenshot(page, 'dashboard-360-menu');
    await ctx.close();
  });
});
