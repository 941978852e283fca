import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HospitalDetailResponse, HospitalListResponse } from '@jiankang/shared';
import { DEPARTMENT_CATEGORIES, DOCTOR_TITLES } from '@jiankang/shared/domain';
import { launchChromium } from '../support/chromium';
import { H5_DIR, ensureH5Build, eventually, phoneContext, shot, tid } from '../support/h5';
import { startStack, type Stack } from '../support/stack';

/**
 * The H5 build of the mini-program, served by a real BFF (with the regional-platform simulator
 * and its own database), driven in Debian's Chromium at a phone's size. Screenshots of every
 * step land in tests/artifacts/screenshots/ for a human to look at.
 */

const CENTRAL = '惠州市中心人民医院';

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[] = [];

// The root tsconfig has no DOM library; these callbacks run inside Chromium. Just what they use
// (module-scoped, so nothing leaks into the Node-side types). Functions, not strings: the BFF's
// CSP forbids eval, which Playwright needs to poll a string predicate.
interface Canvas2D {
  font: string;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
declare const document: {
  querySelector(selector: string): unknown;
  createElement(tag: 'canvas'): { width: number; height: number; getContext(kind: '2d'): Canvas2D };
};
declare function getComputedStyle(el: unknown): { fontFamily: string };

/**
 * Chinese renders as glyphs, not boxes: with no CJK font, 惠, 州 and a private-use code point all
 * draw the same "missing glyph" box. (document.fonts.check() cannot tell: it is true for any
 * installed-or-absent local font.)
 */
function cjkGlyphsRender(): boolean {
  const el = document.querySelector('[data-testid="hospital-name"]');
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext('2d');
  ctx.font = `40px ${getComputedStyle(el).fontFamily}`;
  const draw = (ch: string) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.fillText(ch, 4, 48);
    return ctx.getImageData(0, 0, 64, 64).data.join(',');
  };
  const hui = draw('惠');
  const zhou = draw('州');
  const missing = draw('\u{F0000}');
  return hui !== zhou && hui !== missing && zhou !== missing;
}

const snap = (name: string) => shot(page, name);

async function api<T>(pathAndQuery: string): Promise<T> {
  const res = await fetch(`${stack.baseUrl}/api/v1${pathAndQuery}`);
  if (!res.ok) throw new Error(`${pathAndQuery}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

async function openHome(): Promise<void> {
  await page.goto(`${stack.baseUrl}/`);
  await page.locator(tid('hospital-card')).first().waitFor();
}

async function visibleTexts(testId: string): Promise<string[]> {
  return page.locator(tid(testId)).allInnerTexts();
}

beforeAll(async () => {
  await ensureH5Build();
  stack = await startStack({ h5Dir: H5_DIR });
  browser = await launchChromium();
  context = await phoneContext(browser, 390, 844);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

beforeEach(async () => {
  page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

afterEach(async () => {
  await page.close();
  // An uncaught exception in the app is a failure even when the screen looked right.
  expect(pageErrors).toEqual([]);
});

describe('hospital browsing (H5 in Chromium)', () => {
  it('when the home page opens, then it lists the city hospitals with the total and the directory age', async () => {
    const all = await api<HospitalListResponse>('/hospitals?pageSize=1');
    await openHome();

    const names = await visibleTexts('hospital-name');
    expect(names).toContain(CENTRAL);
    expect(names.length).toBe(Math.min(20, all.total));
    expect(await page.locator(tid('hospital-total')).innerText()).toBe(`共 ${all.total} 家医院`);
    expect(await page.locator(tid('freshness')).innerText()).toMatch(/^目录更新于 /);
    expect(await page.evaluate(cjkGlyphsRender)).toBe(true);
    await snap('01-home');
  });

  it('when the list is scrolled to the end, then the next page loads and the list ends with 没有更多了', async () => {
    const all = await api<HospitalListResponse>('/hospitals?pageSize=1');
    await openHome();
    await page.mouse.move(195, 500);
    await eventually(async () => {
      await page.mouse.wheel(0, 3000);
      expect(await page.locator(tid('list-end')).count()).toBe(1);
    }, 15_000);
    expect(await page.locator(tid('hospital-card')).count()).toBe(all.total);
    await snap('02-home-end-of-list');
  });

  it('when a district chip is tapped, then only that district’s hospitals are listed', async () => {
    const boluo = await api<HospitalListResponse>('/hospitals?district=boluo&pageSize=50');
    expect(boluo.total).toBeGreaterThan(0);
    await openHome();

    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/hospitals?district=boluo')),
      page.locator(`${tid('district-filter-chip')}[data-value="boluo"]`).click(),
    ]);
    await eventually(async () => {
      const districts = await visibleTexts('hospital-district');
      expect(districts.length).toBe(boluo.total);
      expect(new Set(districts)).toEqual(new Set(['博罗县']));
    });
    expect(await visibleTexts('hospital-name')).toEqual(boluo.items.map((h) => h.name));
    expect(
      await page.locator(`${tid('district-filter-chip')}[data-value="boluo"]`).getAttribute('aria-checked'),
    ).toBe('true');
    await snap('03-filter-boluo');
  });

  it('when text is typed in the search box, then the list narrows to matching names; no match shows the empty state', async () => {
    const tcm = await api<HospitalListResponse>(`/hospitals?q=${encodeURIComponent('中医')}&pageSize=50`);
    expect(tcm.total).toBeGreaterThan(0);
    await openHome();

    const input = page.locator(`${tid('search-input')} input`);
    await input.click();
    await input.pressSequentially('中医', { delay: 50 });
    await eventually(async () => {
      const names = await visibleTexts('hospital-name');
      expect(names).toEqual(tcm.items.map((h) => h.name));
    });
    for (const name of await visibleTexts('hospital-name')) expect(name).toContain('中医');
    await snap('04-search-zhongyi');

    await input.fill('不存在的医院名称');
    await page.locator(tid('state-empty')).waitFor();
    expect(await page.locator(tid('state-empty')).innerText()).toContain('没有找到符合条件的医院');
    await snap('05-search-no-match');
  });

  it('when a hospital is tapped, then its detail shows the header, phone and departments grouped in the standard order', async () => {
    const list = await api<HospitalListResponse>(`/hospitals?q=${encodeURIComponent(CENTRAL)}`);
    const central = list.items.find((h) => h.name === CENTRAL);
    expect(central).toBeDefined();
    const detail = await api<HospitalDetailResponse>(`/hospitals/${central!.id}`);

    await openHome();
    await page.locator(tid('hospital-card')).filter({ hasText: CENTRAL }).click();
    await page.locator(tid('hospital-title')).waitFor();
    expect(page.url()).toContain(`/pages/hospital/detail/index?id=${central!.id}`);
    expect(await page.locator(tid('hospital-title')).innerText()).toBe(CENTRAL);
    expect(await page.locator(tid('hospital-phone')).innerText()).toContain(detail.hospital.phone);
    expect(await page.title()).toBe(CENTRAL);
    await snap('06-hospital-detail');

    const expectedOrder = DEPARTMENT_CATEGORIES.map((c) => c.code).filter((c) =>
      detail.hospital.departments.some((d) => d.category === c),
    );
    const groups = page.locator(tid('department-group'));
    const shownOrder = await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-category')));
    expect(shownOrder).toEqual(expectedOrder);
    expect(await page.locator(tid('department-item')).count()).toBe(detail.hospital.departments.length);
    for (const code of expectedOrder) {
      const ids = await page
        .locator(`${tid('department-group')}[data-category="${code}"] [data-testid="department-item"]`)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      expect(ids).toEqual(detail.hospital.departments.filter((d) => d.category === code).map((d) => d.id));
    }
    await groups.first().scrollIntoViewIfNeeded();
    await snap('07-hospital-departments');
  });

  it('when a department is tapped, then its doctors are listed, most senior title first', async () => {
    const list = await api<HospitalListResponse>(`/hospitals?q=${encodeURIComponent(CENTRAL)}`);
    const id = list.items.find((h) => h.name === CENTRAL)!.id;
    const detail = await api<HospitalDetailResponse>(`/hospitals/${id}`);
    const dept = detail.hospital.departments.find((d) => d.doctorCount > 1)!;

    await page.goto(`${stack.baseUrl}/#/pages/hospital/detail/index?id=${id}`);
    const item = page.locator(`${tid('department-item')}[data-id="${dept.id}"]`);
    await item.scrollIntoViewIfNeeded();
    await item.click();
    await page.locator(tid('doctor-card')).first().waitFor();

    expect(await page.locator(tid('department-title')).innerText()).toBe(dept.name);
    expect(await page.locator(tid('doctor-card')).count()).toBe(dept.doctorCount);
    const titles = await visibleTexts('doctor-title');
    const ranks = titles.map((t) => DOCTOR_TITLES.indexOf(t as (typeof DOCTOR_TITLES)[number]));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    await snap('08-department-doctors');
  });

  it('when the hospital id is unknown, then the page shows a not-found error with a way back, not a blank page', async () => {
    await page.goto(`${stack.baseUrl}/#/pages/hospital/detail/index?id=no-such-hospital`);
    await page.locator(tid('state-error')).waitFor();
    expect(await page.locator(tid('state-error-message')).innerText()).toBe('没有找到这家医院');
    // Retrying a 404 cannot help; going back can.
    expect(await page.locator(tid('state-retry')).count()).toBe(0);
    await page.locator(tid('state-back')).waitFor();
    await snap('09-unknown-hospital');

    await page.locator(tid('state-back')).click();
    await page.locator(tid('hospital-card')).first().waitFor();
  });

  it('when the BFF fails once, then the list shows the error with 重试, and 重试 recovers', async () => {
    let failed = 0;
    await page.route('**/api/v1/hospitals?*', async (route) => {
      if (failed++ > 0) return route.continue();
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'NOT_READY', message: 'database unreachable', requestId: 'e2e-req-1' },
        }),
      });
    });
    await page.goto(`${stack.baseUrl}/`);
    await page.locator(tid('state-error')).waitFor();
    expect(await page.locator(tid('state-error-message')).innerText()).toBe('服务暂时不可用，请稍后再试');
    expect(await page.locator(tid('state-error')).innerText()).toContain('e2e-req-1');
    await snap('10-list-error');

    await page.locator(tid('state-retry')).click();
    await page.locator(tid('hospital-card')).first().waitFor();
    expect(await visibleTexts('hospital-name')).toContain(CENTRAL);
  });

  it('when the regional platform is down, then the list still shows from the last copy, with a stale-directory warning', async () => {
    stack.regional.setFaults({ outage: true });
    // A first visit (empty HTTP cache). The BFF's ETag covers the directory version and sync
    // time but not `stale`, so a returning browser gets 304 and keeps the old "fresh" body.
    const firstVisit = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
    });
    const returning = page;
    page = await firstVisit.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    try {
      const sync = await stack.runtime.directorySync.runOnce();
      expect(sync.ok).toBe(false);
      await openHome();
      await page.locator(tid('freshness-stale')).waitFor();
      expect(await page.locator(tid('freshness-stale')).innerText()).toContain('可能不是最新');
      expect(await visibleTexts('hospital-name')).toContain(CENTRAL);
      await snap('11-stale-directory');
    } finally {
      await firstVisit.close();
      page = returning;
      stack.regional.reset();
      await stack.runtime.directorySync.runOnce();
    }
  });
});
