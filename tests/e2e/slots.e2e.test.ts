import type { Browser, BrowserContext, Page } from 'playwright-core';
import type {
  EarliestResponse,
  FeedStatusResponse,
  HospitalDetailResponse,
  ScheduleDay,
  ScheduleResponse,
} from '@jiankang/shared';
import { addDays, beijingDate, beijingTime, fromBeijing } from '@jiankang/shared/domain';
import { launchChromium } from '../support/chromium';
import { H5_DIR, ensureH5Build, eventually, phoneContext, shot, tid } from '../support/h5';
import { startFeedSims, type FeedSims } from '../support/feed-sims';
import { startStack, type Stack } from '../support/stack';

/**
 * Slot pages of the H5 build in Chromium, on a 375 px phone: a BFF fed by three hospital feed
 * simulators (FHIR, SMART bulk, GBK HIS-XML), synced once before the browser opens.
 * Screenshots of every step land in tests/artifacts/screenshots/slots-*.png.
 */

const CENTRAL_ID = 'hzszxrmyy';
const TCM_ID = 'hzszyyy';
const BOLUO_ID = 'blxrmyy';
const DEPT_CODE = '03.04';
const PHONE_WIDTH = 375;

let stack: Stack;
let feeds: FeedSims;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[] = [];

/** A screenshot, after checking nothing spills sideways on a 375 px screen. */
const snap = (name: string) => shot(page, name, PHONE_WIDTH);

async function api<T>(pathAndQuery: string): Promise<T> {
  const res = await fetch(`${stack.baseUrl}/api/v1${pathAndQuery}`);
  if (!res.ok) throw new Error(`${pathAndQuery}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const texts = (testId: string) => page.locator(tid(testId)).allInnerTexts();

/** What a period's cell should say, seen from the test (a future period, so not yet started). */
function expectedText(p: ScheduleDay['periods'][number]): string {
  if (p.status === 'cancelled') return '停诊';
  if (p.status === 'not_released') {
    const at = p.releaseAt!;
    return `${beijingDate(at).slice(5)} ${beijingTime(at)} 放号`;
  }
  if (p.status === 'full' || p.remaining === 0) return '约满';
  return `余${p.remaining}`;
}

const yuan = (fen: number) => (fen % 100 === 0 ? `¥${fen / 100}` : `¥${(fen / 100).toFixed(2)}`);

/**
 * The simulators open day 7 at 08:00 or 15:00 Beijing time; later in the day nothing is left
 * unreleased. The SMART hospital's clock therefore runs at 07:00 tomorrow (the BFF keeps real
 * time), so its next week always has 未放号 periods, whatever the hour this suite runs.
 */
function beforeReleaseClock(): () => Date {
  const now = Date.now();
  const offset =
    Number(beijingTime(now).slice(0, 2)) < 7
      ? 0
      : fromBeijing(addDays(beijingDate(now), 1), '07:00').getTime() - now;
  return () => new Date(Date.now() + offset);
}

interface Target {
  hospitalName: string;
  deptId: string;
  deptName: string;
  schedule: ScheduleResponse;
}

/** A hospital's 03.04 department that has a schedule (the first such, as the directory lists it). */
async function cardiology(hospitalId: string): Promise<Target> {
  const detail = await api<HospitalDetailResponse>(`/hospitals/${hospitalId}`);
  for (const d of detail.hospital.departments.filter((x) => x.code === DEPT_CODE)) {
    const schedule = await api<ScheduleResponse>(`/hospitals/${hospitalId}/departments/${d.id}/schedule`);
    if (schedule.doctors.length > 0)
      return { hospitalName: detail.hospital.name, deptId: d.id, deptName: d.name, schedule };
  }
  throw new Error(`no ${DEPT_CODE} department with slots at ${hospitalId}`);
}
const centralCardiology = () => cardiology(CENTRAL_ID);

const periodsOn = (s: ScheduleResponse, date: string) =>
  s.doctors.flatMap((d) => d.days.filter((x) => x.date === date).flatMap((x) => x.periods));

beforeAll(async () => {
  await ensureH5Build();
  feeds = await startFeedSims({ clocks: { [TCM_ID]: beforeReleaseClock() } });
  stack = await startStack({ h5Dir: H5_DIR, overrides: feeds.overrides });
  const synced = await stack.runtime.slotSync.runAll({ full: true });
  for (const r of synced) expect(r).toMatchObject({ ok: true });
  browser = await launchChromium();
  context = await phoneContext(browser, PHONE_WIDTH);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  for (const h of feeds?.handles.values() ?? []) h.reset();
  await stack?.close();
  await feeds?.close();
});

beforeEach(async () => {
  page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

afterEach(async () => {
  await page.close();
  expect(pageErrors).toEqual([]);
});

describe('slot pages (H5 in Chromium, 375 px)', () => {
  it('when a department with slots is opened from home, then the date strip marks the week and a date’s grid shows 余N / 约满 / 停诊; a period opens its details', async () => {
    const { hospitalName, deptId, deptName, schedule } = await centralCardiology();
    // A later date with the most kinds of status (every future period there is not started).
    const today = beijingDate(Date.now());
    const candidates = schedule.dates.filter((d) => d > addDays(today, 1));
    const kinds = (date: string) =>
      new Set(
        periodsOn(schedule, date)
          .map(expectedText)
          .map((t) => t[0]),
      );
    const target = candidates.sort((a, b) => kinds(b).size - kinds(a).size)[0]!;
    const periods = periodsOn(schedule, target);
    expect(periods.length).toBeGreaterThan(0);

    await page.goto(`${stack.baseUrl}/`);
    await page.locator(tid('hospital-card')).filter({ hasText: hospitalName }).click();
    const item = page.locator(`${tid('department-item')}[data-id="${deptId}"]`);
    await item.scrollIntoViewIfNeeded();
    await item.click();
    await page.locator(tid('date-strip')).waitFor();

    expect(await page.locator(tid('department-title')).innerText()).toBe(deptName);
    const strip = page.locator(tid('date-strip-item'));
    expect(await strip.evaluateAll((els) => els.map((e) => e.getAttribute('data-date')))).toEqual(
      schedule.dates,
    );
    const names = await texts('date-strip-item');
    expect(names[0]).toMatch(/^今天\s*\d{2}-\d{2}/);
    expect(names[1]).toMatch(/^明天\s*\d{2}-\d{2}/);
    for (const mark of await texts('date-strip-mark')) {
      expect(['有号', '约满', '停诊', '未放号', '无排班', '已结束']).toContain(mark);
    }
    expect(await page.locator(tid('source-fresh')).innerText()).toMatch(/^号源(刚刚更新|更新于 \d+ 分钟前)$/);
    await snap('slots-01-department-week');

    await page.locator(`${tid('date-strip-item')}[data-date="${target}"]`).click();
    await page.locator(`${tid('schedule-day')}[data-date="${target}"]`).waitFor();
    expect(
      await page.locator(`${tid('date-strip-item')}[data-date="${target}"]`).getAttribute('aria-checked'),
    ).toBe('true');
    const cells = page.locator(tid('slot-cell'));
    const shown = await cells.evaluateAll((els) =>
      els.map((e) => [
        e.getAttribute('data-id'),
        e.querySelector('[data-testid="slot-status"]')?.textContent,
      ]),
    );
    const byId = new Map(periods.map((p) => [p.id, p]));
    expect(new Set(shown.map(([id]) => id))).toEqual(new Set(byId.keys()));
    for (const [id, text] of shown) expect(text).toBe(expectedText(byId.get(id!)!));
    const first = periods.find((p) => p.status === 'available' && p.remaining > 0)!;
    const firstCell = page.locator(`${tid('slot-cell')}[data-id="${first.id}"]`);
    expect(await firstCell.locator('[data-testid="slot-time"]').innerText()).toBe(
      `${beijingTime(first.start)}–${beijingTime(first.end)}`,
    );
    await snap('slots-02-date-grid');

    const cancelled = periods.find((p) => p.status === 'cancelled');
    if (cancelled) {
      const cell = page.locator(`${tid('slot-cell')}[data-id="${cancelled.id}"]`);
      await cell.scrollIntoViewIfNeeded();
      await page.mouse.wheel(0, 300);
      expect(await cell.getAttribute('aria-disabled')).toBe('true');
      await snap('slots-03-cancelled-session');
    } else {
      console.log(`no 停诊 period on ${target} in this run's simulator data`);
    }

    await firstCell.scrollIntoViewIfNeeded();
    await firstCell.click();
    await page.locator(tid('slot-sheet')).waitFor();
    const doctor = schedule.doctors.find((d) =>
      d.days.some((x) => x.periods.some((p) => p.id === first.id)),
    )!;
    expect(await page.locator(tid('sheet-hospital')).innerText()).toBe(hospitalName);
    expect(await page.locator(tid('sheet-department')).innerText()).toBe(deptName);
    expect(await page.locator(tid('sheet-doctor')).innerText()).toContain(doctor.name);
    expect(await page.locator(tid('sheet-time')).innerText()).toBe(
      `${beijingTime(first.start)}–${beijingTime(first.end)}`,
    );
    expect(await page.locator(tid('sheet-fee')).innerText()).toBe(yuan(first.feeFen ?? 0));
    await eventually(async () => {
      expect(await page.locator(tid('sheet-status')).innerText()).toMatch(/^余\d+$/);
    });
    expect(await page.locator(tid('slot-book')).innerText()).toBe('预约');
    expect(await page.locator(tid('state-error')).count()).toBe(0);
    await snap('slots-04-slot-detail');
    await page.locator(tid('slot-sheet-close')).click();
    await page.locator(tid('slot-sheet')).waitFor({ state: 'detached' });
  });

  it('when the next week is shown, then periods not yet released say when they open (MM-DD HH:mm 放号)', async () => {
    const { deptId, schedule } = await cardiology(TCM_ID);
    const next = await api<ScheduleResponse>(
      `/hospitals/${TCM_ID}/departments/${deptId}/schedule?from=${addDays(schedule.dates[0]!, 7)}&days=7`,
    );
    const pending = next.dates.find((d) => periodsOn(next, d).some((p) => p.status === 'not_released'));
    expect(pending).toBeDefined();
    const p = periodsOn(next, pending!).find((x) => x.status === 'not_released')!;

    await page.goto(
      `${stack.baseUrl}/#/pages/hospital/department/index?hospitalId=${TCM_ID}&deptId=${deptId}`,
    );
    await page.locator(tid('date-strip')).waitFor();
    expect(await page.locator(tid('week-prev')).getAttribute('aria-disabled')).toBe('true');
    await page.locator(tid('week-next')).click();
    await eventually(async () => {
      expect(await page.locator(tid('date-strip-item')).first().getAttribute('data-date')).toBe(
        next.dates[0],
      );
    });
    await page.locator(`${tid('date-strip-item')}[data-date="${pending}"]`).click();
    await page.locator(`${tid('schedule-day')}[data-date="${pending}"]`).waitFor();
    const mark = page.locator(
      `${tid('date-strip-item')}[data-date="${pending}"] [data-testid="date-strip-mark"]`,
    );
    expect(await mark.innerText()).toBe('未放号');
    const cell = page.locator(`${tid('slot-cell')}[data-id="${p.id}"]`);
    await cell.scrollIntoViewIfNeeded();
    expect(await cell.locator('[data-testid="slot-status"]').innerText()).toBe(expectedText(p));
    expect(await cell.getAttribute('data-state')).toBe('not_released');
    expect(await cell.getAttribute('aria-disabled')).toBe('true');
    await snap('slots-05-not-released');
  });

  it('when 查看全市最早可约 is tapped, then the earliest periods across hospitals are listed by time, and a district narrows them', async () => {
    const { deptId } = await centralCardiology();
    const all = await api<EarliestResponse>(`/search/earliest?dept=${DEPT_CODE}&limit=20`);
    expect(new Set(all.items.map((i) => i.slot.hospitalId)).size).toBeGreaterThanOrEqual(2);

    await page.goto(
      `${stack.baseUrl}/#/pages/hospital/department/index?hospitalId=${CENTRAL_ID}&deptId=${deptId}`,
    );
    await page.locator(tid('earliest-link')).click();
    await page.locator(tid('earliest-item')).first().waitFor();
    expect(page.url()).toContain(`/pages/hospital/earliest/index?dept=${DEPT_CODE}`);
    const items = page.locator(tid('earliest-item'));
    const starts = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-start')!));
    expect(starts).toEqual([...starts].sort());
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(
      all.items.map((i) => i.slot.id),
    );
    expect(new Set(await texts('earliest-hospital')).size).toBeGreaterThanOrEqual(2);
    expect((await texts('earliest-remaining')).every((t) => /^余\d+$/.test(t))).toBe(true);
    expect(await page.locator(tid('earliest-unreachable')).count()).toBe(0);
    await snap('slots-06-earliest');

    const boluo = await api<EarliestResponse>(`/search/earliest?dept=${DEPT_CODE}&district=boluo&limit=20`);
    await page.locator(`${tid('earliest-district-chip')}[data-value="boluo"]`).click();
    await eventually(async () => {
      expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(
        boluo.items.map((i) => i.slot.id),
      );
    });
    expect(new Set(await texts('earliest-district-name'))).toEqual(new Set(['博罗县']));
    await snap('slots-07-earliest-boluo');

    // A district with no hospital on a feed: the empty state, not an error.
    await page.locator(`${tid('earliest-district-chip')}[data-value="longmen"]`).click();
    await page.locator(tid('state-empty')).waitFor();
    expect(await page.locator(tid('state-empty')).innerText()).toContain('近期暂无可预约号源');
    await snap('slots-08-earliest-empty');
  });

  it('when one hospital’s feed hangs, then a live refresh names it and the page still answers with the others', async () => {
    const boluoFeed = feeds.handles.get(BOLUO_ID)!;
    const boluoName = (await api<HospitalDetailResponse>(`/hospitals/${BOLUO_ID}`)).hospital.name;
    await page.goto(`${stack.baseUrl}/#/pages/hospital/earliest/index?dept=${DEPT_CODE}`);
    await page.locator(tid('earliest-item')).first().waitFor();
    boluoFeed.setFaults({ hang: true });
    try {
      const started = Date.now();
      const [res] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().includes('/api/v1/search/earliest') && r.url().includes('live=true'),
        ),
        page.locator(tid('earliest-live-refresh')).click(),
      ]);
      const body = (await res.json()) as EarliestResponse;
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(body.sources.find((s) => s.hospitalId === BOLUO_ID)?.live).toMatch(/^(timeout|failed)$/);
      await page.locator(tid('earliest-unreachable')).waitFor();
      const notice = await page.locator(tid('earliest-unreachable')).innerText();
      expect(notice).toContain('以下医院暂时无法连接');
      expect(notice).toContain(boluoName);
      expect(await page.locator(tid('earliest-item')).count()).toBeGreaterThan(0);
      expect(await page.locator(tid('earliest-count')).innerText()).toContain('已实时查询');
      await snap('slots-09-live-unreachable');

      // Once the hung poll gives up, the hospital's own page warns that its slots are old.
      await stack.runtime.slotSync.pollers.get(BOLUO_ID)!.runOnce();
      const status = await api<FeedStatusResponse>('/feeds/status');
      const boluoStatus = status.items.find((s) => s.hospitalId === BOLUO_ID)!.status;
      const detail = await api<HospitalDetailResponse>(`/hospitals/${BOLUO_ID}`);
      const dept = detail.hospital.departments.find((d) => d.code === DEPT_CODE)!;
      await page.goto(
        `${stack.baseUrl}/#/pages/hospital/department/index?hospitalId=${BOLUO_ID}&deptId=${dept.id}`,
      );
      await page.locator(tid('date-strip')).waitFor();
      if (boluoStatus === 'ok') {
        console.log('feed status still ok after a failed poll; no stale notice expected');
      } else {
        expect(await page.locator(tid('source-warning')).innerText()).toMatch(
          /^!?\s*该医院号源暂时无法更新，显示的是 (\d+ 分钟前|1 分钟内)的数据$/,
        );
      }
      await snap('slots-10-department-source-down');
    } finally {
      boluoFeed.reset();
    }
  }, 60_000);

  it('when the schedule request fails, then the doctors still show and the schedule offers 重试', async () => {
    const { deptId } = await centralCardiology();
    let failed = 0;
    await page.route('**/schedule*', async (route) => {
      if (failed++ > 0) return route.continue();
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'NOT_READY', message: 'db down', requestId: 'e2e-slots-1' } }),
      });
    });
    await page.goto(
      `${stack.baseUrl}/#/pages/hospital/department/index?hospitalId=${CENTRAL_ID}&deptId=${deptId}`,
    );
    await page.locator(tid('schedule-error')).waitFor();
    expect(await page.locator(tid('doctor-card')).count()).toBeGreaterThan(0);
    await snap('slots-11-schedule-error');
    await page.locator(`${tid('schedule-error')} [data-testid="state-retry"]`).click();
    await page.locator(tid('date-strip')).waitFor();
  });
});
