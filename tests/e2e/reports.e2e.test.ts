import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loginWithConsent, type LoggedIn } from '../support/auth';
import { launchChromium } from '../support/chromium';
import { H5_DIR, ensureH5Build, eventually, shot, signedInPhone, tid } from '../support/h5';
import { reportPatient, startReportStack, type ReportStack } from '../support/reports';

/**
 * 检查检验报告 in the H5 build in Chromium, on a 375 px phone: the 共享调阅 consent, the list
 * merged from five hospitals (FHIR and HIS), one hospital hung → named in a notice while the rest
 * show, a report with an abnormal result marked ↑ 偏高 in words, and the glucose trend across a
 * mg/dL and a mmol/L hospital on one unit. Screenshots: tests/artifacts/screenshots/reports-*.png.
 */

const PHONE_WIDTH = 375;
let rs: ReportStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let who: LoggedIn;
let patientId: string;
const pageErrors: string[] = [];

const snap = (name: string) => shot(page, name, PHONE_WIDTH);

beforeAll(async () => {
  await ensureH5Build();
  rs = await startReportStack({ h5Dir: H5_DIR });
  who = await loginWithConsent(rs.stack);
  const p = await reportPatient(rs, who, { everywhere: true, consent: false });
  patientId = p.id;
  // A glucose result far above its range at a hospital that sends no flags of its own.
  rs.feeds.get('hzsdyrmyy')!.addReport({
    masterId: p.masterId,
    category: 'lab',
    id: 'E2E-GLU-1',
    title: '空腹血糖复查',
    issued: new Date().toISOString(),
    results: [
      { code: 'GLU', loinc: '14749-6', name: '葡萄糖', value: 12.3, unit: 'mmol/L', range: '3.9-6.1' },
      { code: 'TC', loinc: '2093-3', name: '总胆固醇', value: 4.2, unit: 'mmol/L', range: '<5.2' },
    ],
  });
  // And one in mg/dL a year earlier at a hospital that writes US units: the trend converts it.
  rs.feeds.get('hzszxrmyy')!.addReport({
    masterId: p.masterId,
    category: 'lab',
    id: 'E2E-GLU-0',
    title: '血糖',
    issued: new Date(Date.now() - 365 * 24 * 3_600_000).toISOString(),
    results: [{ code: 'GLU', loinc: '2345-7', name: '葡萄糖', value: 99, unit: 'mg/dL', range: '70-110' }],
  });
  browser = await launchChromium();
  ({ context, page } = await signedInPhone(browser, who, PHONE_WIDTH, pageErrors));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await rs?.close();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

describe('reports (H5 in Chromium, 375 px)', () => {
  it('when a resident agrees to 共享调阅, then every hospital’s reports are listed; a hung hospital is named, the rest shown', async () => {
    // From the home page's 报告查询 tile.
    await page.goto(`${rs.stack.baseUrl}/`);
    await page.locator(tid('home-reports')).click();
    await page.locator(tid('reports-consent')).waitFor();
    await snap('reports-01-consent');
    await page.locator(tid('reports-consent-agree')).click();
    await eventually(async () => expect(await page.locator(tid('report-card')).count()).toBeGreaterThan(4));
    expect(await page.locator(tid('reports-notice')).count()).toBe(0);
    await snap('reports-02-list');

    rs.feeds.get('blxrmyy')!.setFaults({ hang: true });
    try {
      await page.locator(tid('reports-tab-lab')).click();
      await page.locator(tid('reports-notice')).waitFor();
      expect(await page.locator(tid('reports-notice')).textContent()).toContain('博罗');
      expect(await page.locator(tid('report-card')).count()).toBeGreaterThan(0);
      await snap('reports-03-hospital-hung');
    } finally {
      rs.feeds.get('blxrmyy')!.setFaults({ hang: false });
    }

    // A hospital that also answers a report about someone else: never shown, and named.
    rs.feeds.get('hzsdyrmyy')!.setFaults({ foreignReport: true });
    try {
      await page.locator(tid('reports-tab-all')).click();
      await page.locator(tid('reports-notice')).waitFor();
      expect(await page.locator(tid('reports-notice')).textContent()).toContain(
        '惠州市第一人民医院部分报告暂无法显示',
      );
      await snap('reports-03b-partial');
    } finally {
      rs.feeds.get('hzsdyrmyy')!.setFaults({ foreignReport: false });
    }
  });

  it('when the report with a high glucose is opened, then it is marked ↑ 偏高 in words, and its trend shows every hospital on one unit', async () => {
    await page.locator(tid('report-card'), { hasText: '空腹血糖复查' }).click();
    await page.locator(tid('report-item-abnormal')).first().waitFor();
    const abnormal = await page.locator(tid('report-item-abnormal')).first().textContent();
    expect(abnormal).toContain('葡萄糖');
    expect(abnormal).toContain('↑');
    expect(abnormal).toContain('偏高');
    expect(await page.locator(tid('report-item')).count()).toBe(1);
    await snap('reports-04-detail');

    await page.locator(tid('report-trend-link')).first().click();
    await page.locator(tid('trend-chart')).waitFor();
    const points = await page.locator(tid('trend-point')).allTextContents();
    expect(points.length).toBeGreaterThan(1);
    for (const p of points) expect(p).toContain('mmol/L');
    // A mg/dL hospital's result shown converted, with what it printed.
    expect(points.some((p) => p.includes('mg/dL'))).toBe(true);
    await snap('reports-05-trend');
  });

  it('when the access log is opened, then the views are listed', async () => {
    await page.goto(`${rs.stack.baseUrl}/#/pages/reports/list/index?patientId=${patientId}`);
    await page.locator(tid('reports-access-log')).click();
    await eventually(async () =>
      expect(await page.locator(tid('access-log-entry')).count()).toBeGreaterThan(2),
    );
    const entries = await page.locator(tid('access-log-entry')).allTextContents();
    expect(entries.join('\n')).toContain('查看报告');
    expect(entries.join('\n')).toContain('查看指标趋势');
  });
});
