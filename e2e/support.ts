/**
 * E2E support: the real server (`node bin/start.js`, demo mode, fresh data directory, free
 * port) and Debian's Chromium through playwright-core. No browser is ever downloaded: without
 * /usr/bin/chromium the suite is skipped with a loud message, or fails when CI=true.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots and other artifacts (gitignored). */
export const ARTIFACTS = path.join(ROOT, 'test-results', 'e2e');
export const DEMO_PASSWORD = 'jineng-demo';

const HEALTH_TIMEOUT_MS = 120_000;

/**
 * True when the e2e suite can run. Without Chromium: throws on CI (CI=true), otherwise warns
 * loudly on stderr and returns false so the suite is skipped.
 */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  const msg = `E2E: ${CHROMIUM} not found. Install Debian's Chromium (apt-get install -y chromium); no browser is downloaded.`;
  if (process.env.CI === 'true') throw new Error(`${msg} CI=true, so this is a failure.`);
  process.stderr.write(`\n${'!'.repeat(100)}\n!! ${msg}\n!! SKIPPING the e2e suite.\n${'!'.repeat(100)}\n\n`);
  return false;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Milliseconds from spawn to a healthy /api/health. */
  startupMs: number;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StartOptions {
  /** Reuse this data directory (e.g. a second start on the first one's data) instead of a fresh one. */
  dataDir?: string;
  /** Leave the data directory in place on stop (the caller removes it). */
  keepData?: boolean;
}

/**
 * Starts `node bin/start.js` on a free port with a fresh data directory (or `opts.dataDir`);
 * resolves when healthy.
 */
export async function startServer(env: Record<string, string> = {}, opts: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  // Not vitest's NODE_ENV=test: bin/start.js may run `vite build`, which would then bundle
  // React's development build.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')));
  const child: ChildProcess = spawn(process.execPath, ['bin/start.js'], {
    cwd: ROOT,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', JINENG_DATA: dataDir, JINENG_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', (code) => {
      exited = code;
      resolve();
    });
  });

  const stop = async () => {
    if (exited === undefined) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(t);
    }
    if (!opts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = started + HEALTH_TIMEOUT_MS;
  for (;;) {
    if (exited !== undefined) {
      process.stderr.write(`E2E: server exited with ${exited} before it was healthy.\n--- stderr ---\n${err}\n--- stdout (tail) ---\n${out.slice(-4000)}\n`);
      await stop();
      throw new Error(`server exited with code ${exited} during start-up`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.stderr.write(`E2E: server not healthy after ${HEALTH_TIMEOUT_MS / 1000} s.\n--- stderr ---\n${err}\n--- stdout (tail) ---\n${out.slice(-4000)}\n`);
      await stop();
      throw new Error('server did not become healthy in time');
    }
    await sleep(250);
  }
  return { baseUrl, dataDir, startupMs: Date.now() - started, stderr: () => err, stop };
}

/** Debian Chromium, headless, never downloaded. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context (own cookies) with Chinese locale, at a desktop size unless given. */
export async function newContext(browser: Browser, baseUrl: string, viewport = { width: 1366, height: 860 }): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
}

/** Saves a full-page screenshot as test-results/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0)); // a sticky header would land mid-image
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Uncaught page errors and Content-Security-Policy violations seen by the page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(`csp: ${m.text()}`);
  });
  return errors;
}

/** Horizontal overflow of the document in px (0 = no horizontal scroll). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Today's date in China Standard Time shifted by `days`, 'YYYY-MM-DD' (the server's calendar). */
export function cstDatePlus(days: number, from: number = Date.now()): string {
  return new Date(from + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Signs in through the login form; resolves once the signed-in shell is visible. */
export async function loginAs(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('user-menu').waitFor({ state: 'visible', timeout: 30_000 });
}

/**
 * Picks an option of the antd Select labelled `label` (inside `within`, default the page),
 * typing `type` first for searchable selects, and waits until the dropdown has closed: a
 * click during its leave animation is lost.
 */
export async function pickOption(page: Page, label: string, option: string | RegExp, opts: { type?: string; within?: Locator } = {}): Promise<void> {
  const box = (opts.within ?? page).getByLabel(label, { exact: true });
  await box.click();
  if (opts.type) await box.fill(opts.type);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
  const deadline = Date.now() + 10_000;
  while ((await page.locator('.ant-select-dropdown:visible').count()) > 0) {
    if (Date.now() > deadline) throw new Error(`下拉框「${label}」未关闭`);
    await page.waitForTimeout(50);
  }
}
