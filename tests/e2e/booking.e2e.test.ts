import type { Browser, BrowserContext, Page } from 'playwright-core';
import type {
  Booking,
  BookingListResponse,
  HospitalDetailResponse,
  PatientListResponse,
  ScheduleResponse,
} from '@jiankang/shared';
import { addDays, beijingDate, beijingTime, residentIdCheckChar } from '@jiankang/shared/domain';
import { bearer } from '../support/auth';
import { launchChromium } from '../support/chromium';
import { H5_DIR, ensureH5Build, eventually, phoneContext, shot, tid } from '../support/h5';
import { startFeedSims, type FeedSims } from '../support/feed-sims';
import { startStack, type Stack } from '../support/stack';

/**
 * The booking flow of the H5 build in Chromium, on a 375 px phone: sign in (the H5 development
 * login against the stack's WeChat simulator), accept the privacy notice, add 本人, book a period
 * of the FHIR hospital from its department page, see it under 我的预约 and cancel it — checked
 * against the BFF's API and the hospital simulator's own appointment book at each step.
 *
 * The shared H5 build has no simulator URL baked in: the test puts it on
 * `window.__JK_WECHAT_DEV__` before the app loads (miniapp/src/api/auth.ts wechatDevBase), and
 * the BFF's CSP (env test) allows that origin for connect-src.
 * Screenshots of every step land in tests/artifacts/screenshots/booking-*.png.
 */

const HOSPITAL_ID = 'hzszxrmyy';
const DEPT_CODE = '03.04';
const PHONE_WIDTH = 375;

let stack: Stack;
let feeds: FeedSims;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

// Just what the in-browser callbacks use (the root tsconfig has no DOM library).
declare const localStorage: { getItem(key: string): string | null };
declare const window: Record<string, unknown>;

/** A screenshot, after checking nothing spills sideways on a 375 px screen. */
const snap = (name: string) => shot(page, name, PHONE_WIDTH);

async function api<T>(pathAndQuery: string, token?: string): Promise<T> {
  const res = await fetch(`${stack.baseUrl}/api/v1${pathAndQuery}`, {
    headers: token ? bearer(token) : {},
  });
  if (!res.ok) throw new Error(`${pathAndQuery}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The access token the page holds (Taro's H5 storage wraps values as {data}). */
async function pageToken(): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('jk.session'));
  const token = (JSON.parse(raw ?? '{}') as { data?: { accessToken?: string } }).data?.accessToken;
  if (!token) throw new Error('the page holds no session');
  return token;
}

/** A valid synthetic resident ID (GB 11643 check character), born 1985, Huicheng district. */
function residentId(): string {
  const seq = String(100 + Math.floor(Math.random() * 800));
  const first17 = `44130219850312${seq}`;
  return first17 + residentIdCheckChar(first17);
}

const yuan = (fen: number) =>
  fen === 0 ? '免费' : fen % 100 === 0 ? `¥${fen / 100}` : `¥${(fen / 100).toFixed(2)}`;

async function fill(testId: string, value: string): Promise<void> {
  const input = page.locator(`${tid(testId)} input`);
  await input.fill(value);
  await input.blur();
}

beforeAll(async () => {
  await ensureH5Build();
  feeds = await startFeedSims({ only: [HOSPITAL_ID] });
  stack = await startStack({
    h5Dir: H5_DIR,
    overrides: { ...feeds.overrides, rateLimits: { loginPerIpPerMinute: 10_000 } },
  });
  for (const r of await stack.runtime.slotSync.runAll({ full: true })) expect(r).toMatchObject({ ok: true });
  browser = await launchChromium();
  context = await phoneContext(browser, PHONE_WIDTH);
  // The H5 development login asks this WeChat simulator for codes (see the note above).
  await context.addInitScript(
    ([key, url]) => {
      window[key] = url;
    },
    ['__JK_WECHAT_DEV__', new URL(stack.wechat.url).origin] as const,
  );
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
  await feeds?.close();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

describe('booking flow (H5 in Chromium, 375 px)', () => {
  it('when a resident signs in, adds 本人, books a period from the department page and cancels it, then the BFF and the hospital agree at every step', async () => {
    // A period worth booking, from the API: released, seats left, a few hours ahead (so it can
    // still be cancelled online), on the latest such date in the first week.
    const detail = await api<HospitalDetailResponse>(`/hospitals/${HOSPITAL_ID}`);
    const soonest = Date.now() + 4 * 3_600_000;
    let target: { deptId: string; deptName: string; schedule: ScheduleResponse } | undefined;
    for (const d of detail.hospital.departments.filter((x) => x.code === DEPT_CODE)) {
      const schedule = await api<ScheduleResponse>(`/hospitals/${HOSPITAL_ID}/departments/${d.id}/schedule`);
      if (schedule.doctors.length > 0) {
        target = { deptId: d.id, deptName: d.name, schedule };
        break;
      }
    }
    if (!target) throw new Error(`no ${DEPT_CODE} department with a schedule`);
    const candidates = target.schedule.doctors.flatMap((doc) =>
      doc.days.flatMap((day) =>
        day.periods
          .filter((p) => p.status === 'available' && p.remaining > 0 && Date.parse(p.start) > soonest)
          .map((p) => ({ doctor: doc, date: day.date, period: p })),
      ),
    );
    const tomorrow = addDays(beijingDate(Date.now()), 1);
    const pick = candidates.find((c) => c.date > tomorrow) ?? candidates[0];
    if (!pick) throw new Error('no bookable period in the simulator data');

    // 1. Home → 我的: not signed in.
    await page.goto(`${stack.baseUrl}/`);
    await page.locator(tid('hospital-card')).first().waitFor();
    await snap('booking-01-home');
    await page.locator(tid('home-mine')).click();
    await page.locator(tid('mine-login')).waitFor();
    await snap('booking-02-mine-signed-out');

    // 2. 登录 (H5 development login) → 隐私保护指引 → back to 我的, signed in.
    await page.locator(tid('mine-login')).click();
    await page.locator(tid('dev-login')).waitFor();
    await snap('booking-03-login');
    await page.locator(`${tid('dev-login')} .login__button`).click();
    await page.locator('.consent__agree:visible').waitFor();
    await snap('booking-04-consent');
    await page.locator('.consent__agree:visible').click();
    await page.locator(tid('mine-signed-in')).waitFor();
    const token = await pageToken();
    const me = await api<{ consent: { version: string } | null }>('/me', token);
    expect(me.consent?.version).toBe(stack.config.privacy.version);
    await snap('booking-05-mine-signed-in');

    // 3. 就诊人管理 → 添加 本人.
    await page.locator(tid('mine-patients')).click();
    await page.locator(tid('patients-count')).waitFor();
    await page.locator(tid('patient-add')).click();
    await page.locator(tid('input-name')).waitFor();
    await fill('input-name', '王小明');
    await fill('input-idNumber', residentId());
    await fill('input-phone', '13912345678');
    await page.locator(tid('picker-relation')).click();
    await page.locator('.weui-picker__action:visible').last().click();
    await eventually(async () => {
      expect(await page.locator(tid('picker-relation')).innerText()).toBe('本人');
    });
    await snap('booking-06-patient-form');
    await page.locator(tid('patient-submit')).click();
    await page.locator(tid('patient-card')).waitFor();
    const patients = await api<PatientListResponse>('/patients', token);
    expect(patients.items).toHaveLength(1);
    expect(patients.items[0]).toMatchObject({ relation: 'self', name: '王*明' });
    await snap('booking-07-patients');

    // 4. Home → hospital → department → the date → the period → 预约.
    await page.goto(`${stack.baseUrl}/`);
    await page.locator(tid('hospital-card')).filter({ hasText: detail.hospital.name }).click();
    const item = page.locator(`${tid('department-item')}[data-id="${target.deptId}"]`);
    await item.scrollIntoViewIfNeeded();
    await item.click();
    await page.locator(tid('date-strip')).waitFor();
    await page.locator(`${tid('date-strip-item')}[data-date="${pick.date}"]`).click();
    const cell = page.locator(`${tid('slot-cell')}[data-id="${pick.period.id}"]`);
    await cell.scrollIntoViewIfNeeded();
    await cell.click();
    await page.locator(tid('slot-sheet')).waitFor();
    await eventually(async () => {
      expect(await page.locator(tid('slot-book')).innerText()).toBe('预约');
    });
    await snap('booking-08-slot-sheet');
    await page.locator(tid('slot-book')).click();

    // 5. 确认预约: what, who, the rules, and no subscribe dialog on H5 (said so).
    await page.locator(tid('confirm-patient')).waitFor();
    expect(await page.locator(tid('confirm-hospital')).innerText()).toBe(detail.hospital.name);
    expect(await page.locator(tid('confirm-department')).innerText()).toBe(target.deptName);
    expect(await page.locator(tid('confirm-doctor')).innerText()).toContain(pick.doctor.name);
    expect(await page.locator(tid('confirm-time')).innerText()).toBe(
      `${beijingTime(pick.period.start)}–${beijingTime(pick.period.end)}`,
    );
    expect(await page.locator(tid('confirm-fee')).innerText()).toBe(yuan(pick.period.feeFen ?? 0));
    expect(await page.locator(tid('confirm-patient')).getAttribute('aria-checked')).toBe('true');
    const rules = await page.locator(tid('confirm-rules')).innerText();
    for (const rule of [
      '同一就诊人同一科室同一天限约一次',
      '就诊前 2 小时内不可在线取消',
      '爽约 3 次将暂停预约 30 天',
    ])
      expect(rules).toContain(rule);
    expect(await page.locator(tid('subscribe-note')).innerText()).toContain('H5 版无法订阅');
    await snap('booking-09-confirm');

    // 6. 确认预约 (a double tap books once) → 预约成功.
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/bookings'))
        posts.push(r.headers()['idempotency-key'] ?? '');
    });
    await page.locator(tid('confirm-submit')).dblclick();
    await page.locator(tid('success-status')).waitFor();
    await eventually(async () => {
      expect(await page.locator(tid('success-status')).innerText()).toBe('已预约');
    });
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(posts).size).toBe(1);
    const bookingId = new URL(page.url().replace('#', '')).searchParams.get('id')!;
    const booking = await api<Booking>(`/bookings/${bookingId}`, token);
    expect(booking).toMatchObject({ status: 'confirmed', slot: { id: pick.period.id } });
    expect((await api<BookingListResponse>('/bookings?status=all', token)).items).toHaveLength(1);
    const hospitalBook = feeds.handles.get(HOSPITAL_ID)!;
    expect(hospitalBook.findAppointment(bookingId)).toMatchObject({ status: 'booked' });
    expect(await page.locator(tid('success-cancel-until')).innerText()).toContain(
      `${beijingDate(booking.cancellableUntil!).slice(5)} ${beijingTime(booking.cancellableUntil!)} 前可`,
    );
    await snap('booking-10-success');

    // 7. 我的预约 → 待就诊 shows it → 取消预约 (confirm) → it moves to 已取消.
    await page.locator(tid('success-bookings')).click();
    const card = page.locator(`${tid('booking-card')}[data-id="${bookingId}"]`);
    await card.waitFor();
    expect(await page.locator(`${tid('booking-tab')}[data-tab="active"]`).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(await card.locator('[data-testid="booking-status"]').innerText()).toBe('已预约');
    await snap('booking-11-list-active');
    await card.locator('[data-testid="booking-cancel"]').click();
    await page.locator('.taro-model__confirm').waitFor();
    await snap('booking-12-cancel-modal');
    await page.locator('.taro-model__confirm').click();
    await page.locator(tid('state-empty')).waitFor();
    expect(await page.locator(tid('state-empty')).innerText()).toContain('暂无待就诊的预约');
    await page.locator(`${tid('booking-tab')}[data-tab="cancelled"]`).click();
    await eventually(async () => {
      expect(await card.locator('[data-testid="booking-status"]').innerText()).toBe('已取消');
    });
    expect((await api<Booking>(`/bookings/${bookingId}`, token)).status).toBe('cancelled_by_patient');
    expect(hospitalBook.findAppointment(bookingId)).toMatchObject({ status: 'cancelled' });
    await snap('booking-13-list-cancelled');
  }, 120_000);
});
