import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import {
  CONSOLE_KEYS,
  OPERATOR_KEY,
  PARTIAL,
  startConsoleStack,
  type ConsoleStack,
} from '../support/feed-console';
import { H5_DIR, SHOTS, ensureH5Build, eventually, phoneContext, settle, tid } from '../support/h5';

/**
 * Hospital IT's feed console in the H5 build, in Chromium: a hospital whose SMART feed (the
 * conformance corpus's faulty publisher) reads partially signs in with its console key and sees
 * 部分 with the reasons, the push log and slots per day, then runs a feed check.
 */

let env: ConsoleStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

/** The whole page (the console is long), settled, in tests/artifacts/screenshots. */
async function snap(name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function fill(testId: string, value: string): Promise<void> {
  const input = page.locator(`${tid(testId)} input`);
  await input.fill(value);
  await input.blur();
}

beforeAll(async () => {
  await ensureH5Build();
  env = await startConsoleStack({ h5Dir: H5_DIR });
  browser = await launchChromium();
  context = await phoneContext(browser, 390, 844);
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await env?.close();
});

describe('feed console (H5 in Chromium)', () => {
  it('when hospital IT signs in with a wrong key, then it is told so and stays on the sign-in form', async () => {
    await page.goto(`${env.stack.baseUrl}/#/pages/console/feeds/index`);
    await page.locator(tid('console-sign-in')).waitFor();
    await snap('console-01-sign-in');
    await fill('console-hospital', PARTIAL);
    await fill('console-key', 'test-only-not-the-key-000000000');
    await page.locator(`${tid('console-sign-in')} .console__button`).click();
    await page.getByText('医院编码或控制台密钥不正确').waitFor();
    await snap('console-02-wrong-key');
  });

  it('when it signs in with its key, then the partial feed shows 部分 with its reasons, samples, push log and slots per day', async () => {
    await fill('console-key', CONSOLE_KEYS[PARTIAL]);
    await page.locator(`${tid('console-sign-in')} .console__button`).click();
    await page.locator(tid('feed-health')).waitFor();
    expect(await page.locator(tid('feed-status')).innerText()).toBe('部分');
    const skipped = await page.locator(tid('skipped')).innerText();
    expect(skipped).toContain('Schedule/sch-empty: no actor');
    expect(skipped).toContain('unknown schedule');
    const problems = await page.locator(tid('problems')).innerText();
    expect(problems).toContain('slots-2027-03-05.ndjson');
    expect(problems).toContain('169.254.169.254');
    const pushes = await page.locator(tid('push-log')).innerText();
    expect(pushes).toContain('已接受');
    expect(pushes).toContain('已拒绝');
    expect(pushes).toContain('SIGNATURE_INVALID');
    expect(await page.locator(`${tid('slots-per-day')} .console__day`).count()).toBe(14);
    await snap('console-03-partial-feed');
    await page.locator(tid('push-log')).scrollIntoViewIfNeeded();
    await snap('console-03b-push-log-and-days');
  });

  it('when it runs a feed check, then the report shows the verdict, the reasons and three slots as residents see them', async () => {
    await page.locator(`${tid('feed-check')} .console__button`).click();
    await page.locator(tid('feed-check-report')).waitFor({ timeout: 30_000 });
    const report = await page.locator(tid('feed-check-report')).innerText();
    expect(report).toContain('部分读取');
    expect(report).toContain('以医院公布为准');
    expect(await page.locator(`${tid('check-samples')} .console__sample`).count()).toBe(3);
    await page.locator(tid('feed-check-report')).scrollIntoViewIfNeeded();
    await snap('console-04-feed-check');
    await page.locator(tid('check-samples')).scrollIntoViewIfNeeded();
    await snap('console-04b-feed-check-samples');
  });

  it('when it asks to check a URL on another host, then the console refuses it naming the field', async () => {
    await fill('feed-check-url', 'http://169.254.169.254/latest/meta-data/');
    await page.locator(`${tid('feed-check')} .console__button`).click();
    await page.locator(`${tid('feed-check')} .console__error`).waitFor();
    expect(await page.locator(`${tid('feed-check')} .console__error`).innerText()).toContain(
      '号源地址不可用',
    );
    await snap('console-05-foreign-url');
  });

  it('when the city operator signs in, then it switches between hospitals and sees a whole feed’s slots per day', async () => {
    await page.getByText('退出').click();
    await fill('console-hospital', '*');
    await fill('console-key', OPERATOR_KEY);
    await page.locator(`${tid('console-sign-in')} .console__button`).click();
    await page.locator(tid('feed-health')).waitFor();
    await page.locator('.console__chip:visible').nth(1).click();
    // The chosen hospital's health replaces the first one's once it has loaded.
    await eventually(async () => {
      expect(await page.locator(tid('feed-status')).innerText()).toBe('正常');
    });
    const days = await page.locator(`${tid('slots-per-day')} .console__day-count`).allInnerTexts();
    expect(days.some((d) => !d.startsWith('0'))).toBe(true);
    await snap('console-06-operator-whole-feed');
    await page.locator(tid('slots-per-day')).scrollIntoViewIfNeeded();
    await snap('console-06b-operator-slots-per-day');
    expect(pageErrors).toEqual([]);
  });
});
