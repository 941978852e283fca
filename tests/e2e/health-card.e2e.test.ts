import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ClinicVerifyResponse } from '@jiankang/shared';
import { loginWithConsent, type LoggedIn } from '../support/auth';
import { launchChromium } from '../support/chromium';
import { H5_DIR, ensureH5Build, eventually, shot, signedInPhone, tid } from '../support/h5';
import { addPatient, cardStackOptions, setCardStatus, terminal, TestClock } from '../support/health-card';
import { startStack, type Stack } from '../support/stack';

/**
 * The e-health card page of the H5 build in Chromium, on a 375 px phone: apply for a patient's
 * card, show the dynamic QR code, read it back from a screenshot (jsQR) and verify it through the
 * clinic API as a hospital terminal would → the right patient; the same code again →
 * CODE_REPLAYED; a fresh code with the BFF's clock past its expiry → CODE_EXPIRED; without a
 * network the page shows a stored offline code (and says so), which still verifies.
 * Screenshots land in tests/artifacts/screenshots/card-*.png.
 */

const PHONE_WIDTH = 375;
const PATIENT_NAME = '陈秀英';

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let who: LoggedIn;
const clock = new TestClock();
const pageErrors: string[] = [];
/** Carried from the static-code test into the cancellation one. */
let printedCode = '';
let cancelledCardId = '';

const snap = (name: string) => shot(page, name, PHONE_WIDTH);

/** The text of the QR code on screen, read from a screenshot of it as a scanner would. */
async function scanQr(testId = 'card-qr'): Promise<string> {
  const png = PNG.sync.read(await page.locator(tid(testId)).screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error('no QR code readable on screen');
  return found.data;
}

beforeAll(async () => {
  await ensureH5Build();
  stack = await startStack({ ...cardStackOptions(clock), h5Dir: H5_DIR });
  who = await loginWithConsent(stack);
  await addPatient(stack, who, { name: PATIENT_NAME, relation: 'self' });
  browser = await launchChromium();
  ({ context, page } = await signedInPhone(browser, who, PHONE_WIDTH, pageErrors));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

describe('e-health card page (H5 in Chromium, 375 px)', () => {
  it('when a resident applies and shows the code, then a clinic terminal reads it from the screen once, and never after it expires', async () => {
    const desk = terminal(stack, clock, 'hzszxrmyy', 'reg-01');

    // 1. 我的 → 电子健康卡: not applied yet.
    await page.goto(`${stack.baseUrl}/#/pages/account/mine/index`);
    await page.locator(tid('mine-health-card')).click();
    await page.locator(tid('card-apply')).waitFor();
    await snap('card-01-apply');

    // 2. 申领 → card face and a dynamic code with its countdown.
    await page.locator(tid('card-apply')).click();
    await page.locator(tid('card-qr')).waitFor();
    await eventually(async () =>
      expect(await page.locator(tid('card-countdown')).textContent()).toMatch(/\d+ 秒后自动刷新/),
    );
    expect(await page.locator(tid('card-status')).textContent()).toBe('正常');
    expect(await page.locator(tid('card-holder')).textContent()).toBe('陈*英');
    const box = await page.locator(tid('card-qr')).boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(240);
    await snap('card-02-code');

    // 3. The terminal scans the screen: the right patient, once.
    const first = await scanQr();
    expect(first).toMatch(/^JK1\./);
    const ok = await desk.verify<ClinicVerifyResponse>({ code: `${first}\r\n` });
    expect(ok.status).toBe(200);
    expect(ok.body.identity).toMatchObject({ name: PATIENT_NAME, idType: 'resident_id' });
    expect(ok.body.identity.idNumberMasked).toContain('*');
    const again = await desk.verify({ code: first });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'CODE_REPLAYED' } });

    // 4. The scan log on the page shows both scans (newest first).
    await page.locator(tid('card-refresh')).click();
    await eventually(async () => expect(await page.locator(tid('card-scan')).count()).toBe(2));
    await eventually(async () => expect(await scanQr()).not.toBe(first));
    await page.locator(tid('card-scans')).scrollIntoViewIfNeeded();
    await snap('card-03-scans');
    expect(await page.locator(tid('card-scan')).first().textContent()).toContain('已使用过');

    // 5. A fresh code, scanned after its validity (the BFF's clock moved on) → CODE_EXPIRED.
    const fresh = await scanQr();
    clock.advance(10 * 60_000);
    const late = await desk.verify({ code: fresh });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ error: { code: 'CODE_EXPIRED' } });
    clock.reset();

    // 6. No network in the lobby: the page shows a stored offline code and says so; it verifies.
    await context.setOffline(true);
    await page.locator(tid('card-refresh')).click();
    await page.locator(tid('card-offline')).waitFor();
    await snap('card-04-offline');
    const offline = await scanQr();
    await context.setOffline(false);
    const offlineOk = await desk.verify<ClinicVerifyResponse>({ code: offline });
    expect(offlineOk.status).toBe(200);
    expect(offlineOk.body.identity.name).toBe(PATIENT_NAME);
  });

  it('when a PIN is set, then a trivial PIN is refused inline, and the printed static code works at a window only with the PIN', async () => {
    // Back online: the next refresh leaves the offline code.
    await page.locator(tid('card-refresh')).click();
    await eventually(async () => expect(await page.locator(tid('card-offline')).count()).toBe(0));
    await page.locator(tid('card-pin')).locator('input').fill('123456');
    await page.locator(tid('card-pin-save')).click();
    await eventually(async () =>
      expect(await page.locator(tid('card-pin-error')).textContent()).toContain('连续'),
    );
    await page.locator(tid('card-pin')).locator('input').fill('390417');
    await page.locator(tid('card-pin-save')).click();
    await page.locator(tid('card-static-show')).click();
    await page.locator(tid('card-static-code')).waitFor();
    await page.locator(tid('card-static-code')).scrollIntoViewIfNeeded();
    // After the "密码已设置" toast (2 s), which would cover the printable code.
    await page.waitForTimeout(2_300);
    await snap('card-05-static');

    // The printed code works at a window only with the PIN.
    const desk = terminal(stack, clock, 'hzszxrmyy', 'reg-02');
    const printed = await scanQr('card-static-qr');
    expect(printed).toMatch(/^JK1S\./);
    expect((await desk.verify({ code: printed })).body).toMatchObject({ error: { code: 'PIN_REQUIRED' } });
    const ok = await desk.verify<ClinicVerifyResponse>({ code: printed, pin: '390417' });
    expect(ok.status).toBe(200);
    expect(ok.body.identity.name).toBe(PATIENT_NAME);
    printedCode = printed;
    cancelledCardId = ok.body.identity.cardId;
  });

  it('when the platform cancels the card, then the page says so and 重新申领 brings a new card whose code verifies', async () => {
    const desk = terminal(stack, clock, 'hzszxrmyy', 'reg-03');
    expect((await setCardStatus(stack, cancelledCardId, 'cancelled')).status).toBe(200);
    await page.reload();
    await page.locator(tid('card-reapply')).waitFor();
    expect(await page.locator(tid('card-status')).textContent()).toBe('已注销');
    expect(await page.locator(tid('card-qr')).count()).toBe(0);
    // The cancelled card's scans are still listed (three from the tests above).
    await eventually(async () =>
      expect(await page.locator(tid('card-scan')).count()).toBeGreaterThanOrEqual(3),
    );
    await snap('card-06-cancelled');
    expect((await desk.verify({ code: printedCode, pin: '390417' })).body).toMatchObject({
      error: { code: 'CARD_NOT_ACTIVE' },
    });

    await page.locator(tid('card-reapply')).click();
    await page.locator(tid('card-qr')).waitFor();
    expect(await page.locator(tid('card-status')).textContent()).toBe('正常');
    const ok = await desk.verify<ClinicVerifyResponse>({ code: await scanQr() });
    expect(ok.status).toBe(200);
    expect(ok.body.identity.name).toBe(PATIENT_NAME);
    expect(ok.body.identity.cardId).not.toBe(cancelledCardId);
  });
});
