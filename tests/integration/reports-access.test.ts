import { AccessLogResponse, RecordsConsentResponse, ReportListResponse } from '@jiankang/shared';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { validateFhir } from '../../bff/src/services/reports/export/fhir-validate';
import { bearer, loginWithConsent, type LoggedIn } from '../support/auth';
import { expectEnvelope } from '../support/http';
import {
  TEST_CONSENT_VERSION,
  call,
  reportPatient,
  startReportStack,
  type ReportStack,
} from '../support/reports';

const run = promisify(execFile);
jest.setTimeout(60_000);

let rs: ReportStack;
let alice: LoggedIn;
let bob: LoggedIn;
beforeAll(async () => {
  rs = await startReportStack();
});
// An account holds at most 5 patients: new ones per test.
beforeEach(async () => {
  alice = await loginWithConsent(rs.stack);
  bob = await loginWithConsent(rs.stack);
});
afterAll(() => rs?.close());

const firstReportOf = async (who: LoggedIn, patientId: string) => {
  const res = await call(rs, who, 'GET', `/patients/${patientId}/reports`);
  return ReportListResponse.parse(res.body).items[0]!;
};

describe('another account', () => {
  it('when Bob asks for Alice’s patient’s reports, trend, consent or log, then 404 PATIENT_NOT_FOUND', async () => {
    const p = await reportPatient(rs, alice, { everywhere: false });
    for (const path of [
      '/reports',
      '/observations/trend?code=glucose',
      '/reports/consent',
      '/reports/access-log',
    ])
      expectEnvelope(await call(rs, bob, 'GET', `/patients/${p.id}${path}`), 404, 'PATIENT_NOT_FOUND');
    expectEnvelope(
      await call(rs, bob, 'POST', `/patients/${p.id}/reports/consent`, { version: TEST_CONSENT_VERSION }),
      404,
      'PATIENT_NOT_FOUND',
    );
  });

  it('when Bob opens a report id Alice was given, even as a patient who is the same person, then 404 REPORT_NOT_FOUND', async () => {
    const p = await reportPatient(rs, alice, { everywhere: false });
    const report = await firstReportOf(alice, p.id);
    expect((await call(rs, alice, 'GET', `/reports/${report.id}`)).status).toBe(200);
    expectEnvelope(await call(rs, bob, 'GET', `/reports/${report.id}`), 404, 'REPORT_NOT_FOUND');
    const log = await call(rs, alice, 'GET', `/patients/${p.id}/reports/access-log`);
    // Bob's attempt is not Alice's patient's access: nothing was shown to him.
    expect(AccessLogResponse.parse(log.body).items.filter((e) => e.action === 'view')).toHaveLength(1);
  });

  it('when no one is signed in, then 401', async () => {
    const res = await fetch(`${rs.stack.baseUrl}/api/v1/reports/rp_x`);
    expect(res.status).toBe(401);
  });
});

describe('共享调阅 consent', () => {
  it('when the patient has not consented, then list, view and trend answer 403 RECORDS_CONSENT_REQUIRED until it is recorded', async () => {
    const p = await reportPatient(rs, alice, { everywhere: false, consent: false });
    expectEnvelope(
      await call(rs, alice, 'GET', `/patients/${p.id}/reports`),
      403,
      'RECORDS_CONSENT_REQUIRED',
    );
    expectEnvelope(
      await call(rs, alice, 'GET', `/patients/${p.id}/observations/trend?code=glucose`),
      403,
      'RECORDS_CONSENT_REQUIRED',
    );
    const before = RecordsConsentResponse.parse(
      (await call(rs, alice, 'GET', `/patients/${p.id}/reports/consent`)).body,
    );
    expect(before).toEqual({ currentVersion: TEST_CONSENT_VERSION, consent: null });

    const wrong = await call(rs, alice, 'POST', `/patients/${p.id}/reports/consent`, { version: '2020-01' });
    expectEnvelope(wrong, 400, 'VALIDATION_FAILED');
    expect(wrong.body).toMatchObject({ error: { field: 'version' } });

    const accepted = await call(rs, alice, 'POST', `/patients/${p.id}/reports/consent`, {
      version: TEST_CONSENT_VERSION,
    });
    expect(accepted.status).toBe(201);
    expect(RecordsConsentResponse.parse(accepted.body).consent).toMatchObject({
      version: TEST_CONSENT_VERSION,
    });
    const again = await call(rs, alice, 'POST', `/patients/${p.id}/reports/consent`, {
      version: TEST_CONSENT_VERSION,
    });
    expect(again.status).toBe(200);
    expect((await call(rs, alice, 'GET', `/patients/${p.id}/reports`)).status).toBe(200);
  });

  it('when a second patient of the same account has not consented, then the first one’s consent does not cover them', async () => {
    await reportPatient(rs, alice, { everywhere: false });
    const other = await reportPatient(rs, alice, { everywhere: false, consent: false });
    expectEnvelope(
      await call(rs, alice, 'GET', `/patients/${other.id}/reports`),
      403,
      'RECORDS_CONSENT_REQUIRED',
    );
  });
});

describe('the access log', () => {
  it('when a resident lists, views and trends, then each is logged, newest first, and the log is theirs to read', async () => {
    const p = await reportPatient(rs, alice, { everywhere: false });
    const report = await firstReportOf(alice, p.id);
    expect((await call(rs, alice, 'GET', `/reports/${report.id}`)).status).toBe(200);
    expect((await call(rs, alice, 'GET', `/patients/${p.id}/observations/trend?code=glucose`)).status).toBe(
      200,
    );
    const res = await call(rs, alice, 'GET', `/patients/${p.id}/reports/access-log`);
    expect(res.status).toBe(200);
    const { items } = AccessLogResponse.parse(res.body);
    expect(items.map((e) => e.action)).toEqual(['trend', 'view', 'list']);
    expect(items[1]).toMatchObject({ reportId: report.id, hospitalId: report.hospitalId });
    expect(items[0]).toMatchObject({ detail: 'code=glucose' });
  });

  it('when a report is exported as PDF or FHIR, then the file names the patient, the Bundle validates, others get 404, a bad format 400, and each export is logged', async () => {
    const p = await reportPatient(rs, alice, { everywhere: false });
    const report = await firstReportOf(alice, p.id);
    const exportOf = (who: LoggedIn, format: string) =>
      fetch(`${rs.stack.baseUrl}/api/v1/reports/${report.id}/export?format=${format}`, {
        headers: bearer(who.accessToken),
      });

    const pdf = await exportOf(alice, 'pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(
      /^attachment; filename="report-.+\.pdf"; filename\*=UTF-8''/,
    );
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jk-export-'));
    try {
      writeFileSync(path.join(dir, 'r.pdf'), bytes);
      const { stdout } = await run('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-']);
      expect(stdout).toContain('张晓明');
      expect(stdout).toContain(report.title);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const fhir = await exportOf(alice, 'fhir');
    expect(fhir.status).toBe(200);
    expect(fhir.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const bundle: unknown = await fhir.json();
    expect(validateFhir(bundle)).toEqual({ valid: true, errors: [] });

    expectEnvelope(
      await call(rs, alice, 'GET', `/reports/${report.id}/export?format=docx`),
      400,
      'VALIDATION_FAILED',
    );
    expect((await exportOf(bob, 'pdf')).status).toBe(404);
    const log = AccessLogResponse.parse(
      (await call(rs, alice, 'GET', `/patients/${p.id}/reports/access-log`)).body,
    );
    expect(log.items.filter((e) => e.action === 'export' && e.reportId === report.id)).toHaveLength(2);
  });
});
