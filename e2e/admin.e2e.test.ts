/**
 * 用户管理 and 安全管理 end to end, in Chromium against the real server in demo mode: the
 * administrator creates a village cadre account (shared rules in the form, the server's
 * message in the dialog), resets its password, disables demo-village with a reason (its
 * login then fails) and enables it again; the security administrator sees an account locked
 * after 5 failed logins and signs another account out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, loginAs, newContext, pickOption, screenshot, startServer, watchErrors, type RunningServer } from './support.ts';

/** Searches the user list by keyword and waits for the answer. */
async function searchUsers(page: Page, keyword: string): Promise<void> {
  await page.getByLabel('关键字').fill(keyword);
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/users?') && r.request().method() === 'GET');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await answered;
  await expect.poll(async () => page.locator('.ant-table .ant-spin-spinning').count()).toBe(0);
}

const rowOf = (page: Page, username: string): Locator => page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: username });

/** A login through the API (no browser): the status code. */
async function apiLogin(baseUrl: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return res.status;
}

describe.skipIf(!chromiumAvailable())('user administration and security (Chromium, real server in demo mode)', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a village cadre account with the shared rules and the server’s message, then resets its password', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'admin');
    await page.getByTestId('main-menu').getByText('用户管理').click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    await rowOf(page, 'demo-zhenxiong').waitFor();
    expect(await page.locator('.ant-table-thead').innerText()).toMatch(/用户名[\s\S]*姓名[\s\S]*角色[\s\S]*所属区划[\s\S]*所属机构[\s\S]*状态[\s\S]*最近登录/);
    // The admin's own row and the other administrators cannot be changed here (三员分立).
    await searchUsers(page, 'demo-audit');
    expect(await rowOf(page, 'demo-audit').getByRole('button', { name: '重置密码' }).isDisabled()).toBe(true);
    await screenshot(page, 'admin-users');

    await page.getByRole('button', { name: /新建账号/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建账号' });
    await dialog.getByText('密码规则：至少 10 位').waitFor();
    // The three administrator roles are not offered.
    await dialog.getByLabel('角色', { exact: true }).click();
    const roleOptions = await page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts();
    expect(roleOptions).toContain('乡村干部');
    expect(roleOptions.some((o) => /系统管理员|审计管理员|安全管理员/.test(o))).toBe(false);
    await page.keyboard.press('Escape');

    // An organisation role asks for an organisation of its kind.
    await pickOption(page, '角色', '县人社局工作人员', { within: dialog });
    await dialog.getByLabel('所属机构', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '镇雄县人力资源和社会保障局' }).waitFor();
    expect(await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '技工学校' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await dialog.getByText('用户名为 3–32 位小写字母、数字或 . _ -').waitFor();
    await dialog.getByText('请选择所属机构').first().waitFor();
    await pickOption(page, '角色', '乡村干部', { within: dialog });
    expect(await dialog.getByLabel('所属机构', { exact: true }).count()).toBe(0);
    await dialog.getByLabel('用户名', { exact: true }).fill('zx-cadre-e2e');
    await dialog.getByLabel('姓名', { exact: true }).fill('乌峰村干部（测试）');
    await dialog.getByLabel('所属区划').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '昭通市' }).click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '镇雄县' }).click();
    await page.locator('.ant-cascader-menu').nth(2).locator('.ant-cascader-menu-item').first().click();
    await page.keyboard.press('Escape');
    await dialog.getByLabel('初始密码').fill('short');
    await dialog.getByText('密码至少 10 位').waitFor();
    await dialog.getByLabel('初始密码').fill('abcdefghijkl');
    await dialog.getByText('密码需包含字母、数字、符号中的至少两类').waitFor();
    await dialog.getByLabel('初始密码').fill('Village-2026!');
    await dialog.getByLabel('确认密码').fill('Village-2026?');
    await dialog.getByText('两次输入的密码不一致').waitFor();
    await dialog.getByLabel('确认密码').fill('Village-2026!');
    await screenshot(page, 'admin-user-create');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByText('已创建账号 zx-cadre-e2e').waitFor();
    await searchUsers(page, 'zx-cadre-e2e');
    const row = rowOf(page, 'zx-cadre-e2e');
    expect(await row.innerText()).toMatch(/乡村干部[\s\S]*启用[\s\S]*从未登录/);
    expect(await apiLogin(server.baseUrl, 'zx-cadre-e2e', 'Village-2026!')).toBe(200);

    // The same username again: the server refuses, the dialog says why.
    await page.getByRole('button', { name: /新建账号/ }).click();
    const again = page.getByRole('dialog', { name: '新建账号' });
    await again.getByLabel('用户名', { exact: true }).fill('zx-cadre-e2e');
    await again.getByLabel('姓名', { exact: true }).fill('重复账号');
    await pickOption(page, '角色', '学员', { within: again });
    await again.getByLabel('所属区划').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '昭通市' }).click();
    await page.keyboard.press('Escape');
    await again.getByLabel('初始密码').fill('Village-2026!');
    await again.getByLabel('确认密码').fill('Village-2026!');
    await again.getByRole('button', { name: /创\s*建/ }).click();
    await again.getByTestId('create-user-error').getByText('用户名 zx-cadre-e2e 已存在').waitFor();
    await again.getByRole('button', { name: /取\s*消/ }).click();

    // 重置密码: the policy in the form, then the new password works.
    await row.getByRole('button', { name: '重置密码' }).click();
    const reset = page.getByRole('dialog', { name: /重置密码：zx-cadre-e2e/ });
    await reset.getByLabel('新密码').fill('1234567890');
    await reset.getByText('密码需包含字母、数字、符号中的至少两类').waitFor();
    await reset.getByLabel('新密码').fill('Cadre-Reset-2026');
    await reset.getByLabel('确认密码').fill('Cadre-Reset-2026');
    await reset.getByRole('button', { name: /重\s*置/ }).click();
    await page.getByText('已重置 zx-cadre-e2e 的密码').waitFor();
    expect(await apiLogin(server.baseUrl, 'zx-cadre-e2e', 'Village-2026!')).toBe(401);
    expect(await apiLogin(server.baseUrl, 'zx-cadre-e2e', 'Cadre-Reset-2026')).toBe(200);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('disables demo-village with a reason, which refuses its login, and enables it again', async () => {
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'admin');
    await page.goto('/admin/users');
    await searchUsers(page, 'demo-village');
    const row = rowOf(page, 'demo-village');
    await row.getByRole('button', { name: '停用' }).click();
    const disable = page.getByRole('dialog', { name: /停用账号：demo-village/ });
    await disable.getByRole('button', { name: /确认停用/ }).click();
    await disable.getByText('请填写原因（至少 2 个字）').waitFor();
    await disable.getByLabel('停用原因').fill('人员调离岗位');
    await disable.getByText('请填写原因（至少 2 个字）').waitFor({ state: 'hidden' });
    await screenshot(page, 'admin-user-disable');
    await disable.getByRole('button', { name: /确认停用/ }).click();
    await page.getByText('已停用账号 demo-village').waitFor();
    await expect.poll(async () => row.innerText()).toContain('停用');
    await row.getByRole('button', { name: '启用' }).waitFor();

    // A fresh browser: the disabled account cannot sign in.
    const other = await newContext(browser, server.baseUrl);
    const villagePage = await other.newPage();
    await villagePage.goto('/login');
    await villagePage.getByLabel('用户名').fill('demo-village');
    await villagePage.getByLabel('密码').fill('jineng-demo');
    await villagePage.getByRole('button', { name: /登\s*录/ }).click();
    await villagePage.getByTestId('login-error').getByText('用户名或密码错误').waitFor();
    await other.close();

    // Filter by status: the disabled account is listed under 停用.
    await page.getByLabel('关键字').fill('');
    await pickOption(page, '状态', '停用', { within: page.locator('.search-table') });
    const answered = page.waitForResponse((r) => r.url().includes('status=disabled'));
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await answered;
    await row.waitFor();

    await row.getByRole('button', { name: '启用' }).click();
    const enable = page.getByRole('dialog', { name: /启用账号：demo-village/ });
    await enable.getByLabel('启用原因').fill('人员返岗');
    await enable.getByRole('button', { name: /确认启用/ }).click();
    await page.getByText('已启用账号 demo-village').waitFor();

    const back = await newContext(browser, server.baseUrl);
    const backPage = await back.newPage();
    await loginAs(backPage, 'demo-village');
    await back.close();
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('shows the security administrator an account locked after 5 failed logins and signs another account out', async () => {
    for (let i = 0; i < 5; i++) expect(await apiLogin(server.baseUrl, 'demo-enterprise', `wrong-password-${i}`)).toBe(401);
    // The sixth try, even with the right password, is refused with the lock message.
    const lockedCtx = await newContext(browser, server.baseUrl);
    const lockedPage = await lockedCtx.newPage();
    await lockedPage.goto('/login');
    await lockedPage.getByLabel('用户名').fill('demo-enterprise');
    await lockedPage.getByLabel('密码').fill('jineng-demo');
    await lockedPage.getByRole('button', { name: /登\s*录/ }).click();
    await lockedPage.getByTestId('login-error').getByText(/账号已锁定/).waitFor();
    await lockedCtx.close();

    // demo-school is signed in elsewhere.
    const schoolCtx = await newContext(browser, server.baseUrl);
    const schoolPage = await schoolCtx.newPage();
    await loginAs(schoolPage, 'demo-school');

    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await loginAs(page, 'demo-security');
    await page.getByTestId('main-menu').getByText('安全管理').click();
    await page.waitForURL(/\/security$/);
    const locked = page.getByTestId('locked-table');
    await locked.locator('tr.ant-table-row').filter({ hasText: 'demo-enterprise' }).waitFor();
    expect(await locked.locator('tr.ant-table-row').filter({ hasText: 'demo-enterprise' }).innerText()).toMatch(/demo-enterprise\s+[56]\b/);
    expect(Number((await page.getByTestId('locked-count').locator('.ant-statistic-content-value').innerText()).trim())).toBeGreaterThanOrEqual(1);
    expect(Number((await page.getByTestId('session-count').locator('.ant-statistic-content-value').innerText()).trim())).toBeGreaterThanOrEqual(2);
    await page.getByTestId('failures-table').locator('tr.ant-table-row').filter({ hasText: 'demo-enterprise' }).first().waitFor();
    await screenshot(page, 'security');

    // An unknown username: the server's message.
    const search = page.getByPlaceholder('输入用户名查找账号');
    await search.fill('no-such-user');
    await search.press('Enter');
    await page.getByTestId('force-logout-error').getByText('用户不存在或无权访问').waitFor();

    // 查找账号 from the locked list fills the lookup.
    await locked.getByRole('button', { name: '查找账号' }).first().click();
    await page.getByTestId('account').getByText('企业').waitFor();

    await search.fill('demo-school');
    await search.press('Enter');
    const account = page.getByTestId('account');
    await account.getByText('技工院校').waitFor();
    expect(await account.innerText()).toMatch(/在线会话\s*[1-9]/);
    await page.getByTestId('force-logout').getByRole('button', { name: /强制下线/ }).click();
    const confirm = page.locator('.ant-modal-confirm').filter({ hasText: '强制下线 demo-school' });
    await confirm.getByRole('button', { name: /强制下线/ }).click();
    await page.getByText(/已强制下线 demo-school，结束 \d+ 个会话/).waitFor();
    await expect.poll(async () => account.innerText()).toMatch(/在线会话\s*0/);

    // The school's browser is sent back to the login page.
    await schoolPage.goto('/training');
    await schoolPage.waitForURL(/\/login/);
    await schoolCtx.close();
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
