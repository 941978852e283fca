import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * What every e2e suite shares: the H5 build (made once per test run, not once per suite), a
 * phone-sized browser context, and the waits and screenshots that make pages comparable.
 */

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, '../..');
export const H5_DIR = path.join(ROOT, 'miniapp', 'dist-h5');
export const SHOTS = path.join(ROOT, 'tests', 'artifacts', 'screenshots');
const MARKER = path.join(H5_DIR, '.jk-test-run');
const LOCK = path.join(ROOT, 'miniapp', '.h5-build.lock');
const STALE_LOCK_MS = 10 * 60_000;

/** Elements on screen: Taro's H5 router keeps earlier pages in the DOM, hidden. */
export const tid = (id: string) => `[data-testid="${id}"]:visible`;

// Just what the in-browser callbacks below use (the root tsconfig has no DOM library).
declare const localStorage: { setItem(key: string, value: string): void };
declare const document: {
  getAnimations(): { playState: string; effect: { getComputedTiming(): { iterations?: number } } | null }[];
  fonts: { ready: Promise<unknown> };
  documentElement: { scrollWidth: number };
  querySelectorAll(selector: string): ArrayLike<{ getBoundingClientRect(): { left: number; width: number } }>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const builtThisRun = () =>
  existsSync(path.join(H5_DIR, 'index.html')) &&
  existsSync(MARKER) &&
  readFileSync(MARKER, 'utf8') === process.env.JK_TEST_RUN_ID;

/**
 * Builds the H5 app unless this test run (JK_TEST_RUN_ID, set by the global setup) already did;
 * JK_SKIP_H5_BUILD=1 reuses any existing build. A lock keeps parallel workers from building into
 * the same folder at once.
 */
export async function ensureH5Build(): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  if (process.env.JK_SKIP_H5_BUILD === '1' && existsSync(path.join(H5_DIR, 'index.html'))) return;
  if (builtThisRun()) return;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > STALE_LOCK_MS)
        rmSync(LOCK, { recursive: true, force: true });
      await sleep(500);
    }
  }
  try {
    if (builtThisRun()) return;
    const started = Date.now();
    await run('npm', ['run', 'build:h5'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 240_000,
    });
    if (process.env.JK_TEST_RUN_ID) writeFileSync(MARKER, process.env.JK_TEST_RUN_ID);
    console.log(`h5 build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * A phone already signed in as `who` (the session the H5 app keeps in Taro's storage, which wraps
 * values as {data}), with the page's uncaught errors collected into `errors`.
 */
export async function signedInPhone(
  browser: Browser,
  who: { accessToken: string; refreshToken: string; accountId: string },
  width: number,
  errors: string[],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await phoneContext(browser, width);
  await context.addInitScript(
    ([key, value]) => {
      localStorage.setItem(key, value);
    },
    [
      'jk.session',
      JSON.stringify({
        data: { accessToken: who.accessToken, refreshToken: who.refreshToken, accountId: who.accountId },
      }),
    ] as const,
  );
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page };
}

/** A phone in Beijing: touch, 2× pixels, zh-CN. */
export async function phoneContext(browser: Browser, width: number, height = 812): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/**
 * Waits until Taro's page slide-in has finished (every shown page sits at x = 0), finite
 * animations are done (spinners loop forever and are ignored) and fonts are loaded.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.taro_page'))
      .map((p) => p.getBoundingClientRect())
      .every((r) => r.width === 0 || Math.abs(r.left) < 1),
  );
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  );
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** A settled screenshot in tests/artifacts/screenshots; with `maxWidth`, nothing may spill sideways. */
export async function shot(page: Page, name: string, maxWidth?: number): Promise<void> {
  await settle(page);
  if (maxWidth !== undefined) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(maxWidth);
  }
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Polls `check` until it stops throwing, like a web-first assertion. */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(100);
    }
  }
}
