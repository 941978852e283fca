import { findPerson } from '../testing/report-people';
import { patientIdOf } from './fhir/reports';
import { startHospitalFeed } from './server';
import { testClock, type Json } from './testing';
import type { HospitalFeedHandle } from './types';

const clock = testClock();
const EMPI = 'urn:jiankang:empi';
const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
let conventional: HospitalFeedHandle; // hzszxrmyy: mg/dL, interpretation, PDF inline
let unflagged: HospitalFeedHandle; // hzsdyrmyy: mmol/L, no interpretation
let byUrl: HospitalFeedHandle; // hzsdsrmyy: mmol/L, findings Observation, PDF by URL
let person: string;
beforeAll(async () => {
  const start = (hospitalId: string) => startHospitalFeed({ hospitalId, kind: 'fhir', now: clock.now });
  [conventional, unflagged, byUrl] = await Promise.all([
    start('hzszxrmyy'),
    start('hzsdyrmyy'),
    start('hzsdsrmyy'),
  ]);
  const both = (feed: HospitalFeedHandle, m: string) =>
    feed.reportsOf(m).some((r) => r.category === 'lab') &&
    feed.reportsOf(m).some((r) => r.category === 'imaging');
  person = findPerson((m) => [conventional, unflagged, byUrl].every((f) => both(f, m)));
});
afterEach(() => [conventional, unflagged, byUrl].forEach((f) => f.reset()));
afterAll(() => Promise.all([conventional, unflagged, byUrl].map((f) => f.close())));

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
  return { res, body: (await res.json()) as Json };
};
const patient = (masterId: string) => `patient.identifier=${encodeURIComponent(`${EMPI}|${masterId}`)}`;
const reportsUrl = (feed: HospitalFeedHandle, q = '') =>
  `${feed.url}/DiagnosticReport?${patient(person)}${q}`;
const matches = (bundle: Json) =>
  bundle.entry.filter((e: Json) => e.search.mode === 'match').map((e: Json) => e.resource);

async function readAll(url: string): Promise<Json[]> {
  const out: Json[] = [];
  for (let next: string | undefined = url; next;) {
    const { res, body } = await get(next);
    expect(res.status).toBe(200);
    out.push(...matches(body));
    next = body.link.find((l: Json) => l.relation === 'next')?.url;
  }
  return out;
}

const labOf = (feed: HospitalFeedHandle) => feed.reportsOf(person).find((r) => r.category === 'lab')!;
const imagingOf = (feed: HospitalFeedHandle) => feed.reportsOf(person).find((r) => r.category === 'imaging')!;

describe('FHIR DiagnosticReport and Observation', () => {
  it('when the Patient is searched by EMPI identifier, then its id finds the same reports by subject', async () => {
    const { res, body } = await get(
      `${conventional.url}/Patient?identifier=${encodeURIComponent(`${EMPI}|${person}`)}`,
    );
    expect(res.status).toBe(200);
    const [found] = matches(body);
    expect(found).toMatchObject({ resourceType: 'Patient', identifier: [{ system: EMPI, value: person }] });
    const bySubject = await readAll(`${conventional.url}/DiagnosticReport?subject=Patient/${found.id}`);
    const byChain = await readAll(reportsUrl(conventional));
    expect(bySubject.map((r) => r.id).sort()).toEqual(byChain.map((r) => r.id).sort());
    expect(bySubject.length).toBeGreaterThan(0);
  });

  it('when reports are searched by patient, category LAB and a date range, then exactly those come back, newest first', async () => {
    const truth = conventional.reportsOf(person).filter((r) => r.category === 'lab');
    const from = truth.at(-1)!.effective.slice(0, 10);
    const q = `&category=${encodeURIComponent(`${V2_0074}|LAB`)}&date=ge${from}&date=le2026-01-05`;
    const found = await readAll(reportsUrl(conventional, q));
    expect(found.map((r) => r.id)).toEqual(truth.map((r) => r.id));
    for (const r of found) {
      expect(r.category[0].coding[0]).toMatchObject({ system: V2_0074, code: 'LAB' });
      // The plain R4 way: a reference to the hospital's own Patient, never our identifier.
      expect(r.subject).toEqual({ reference: `Patient/${patientIdOf(person)}` });
    }
    const rad = await readAll(reportsUrl(conventional, '&category=RAD'));
    expect(rad.length).toBeGreaterThan(0);
    expect(rad.every((r) => r.category[0].coding[0].code === 'RAD')).toBe(true);
    const later = await readAll(reportsUrl(conventional, `&date=gt${truth[0]!.effective.slice(0, 10)}`));
    expect(later.some((r) => r.id === truth[0]!.id)).toBe(false);
  });

  it('when paged with _count=1, then next links walk every report exactly once', async () => {
    const many = findPerson((m) => conventional.reportsOf(m).length >= 4);
    const truth = conventional.reportsOf(many);
    const first = await get(`${conventional.url}/DiagnosticReport?${patient(many)}&_count=1`);
    expect(first.body.total).toBe(truth.length);
    expect(first.body.link.find((l: Json) => l.relation === 'next').url).toContain('_page_token=');
    const all = await readAll(`${conventional.url}/DiagnosticReport?${patient(many)}&_count=1`);
    expect(all.map((r) => r.id)).toEqual(truth.map((r) => r.id));
  });

  it('when _include=DiagnosticReport:result, then the Observations each result names come back as includes', async () => {
    const { body } = await get(reportsUrl(unflagged, '&category=LAB&_include=DiagnosticReport:result'));
    const included = new Map<string, Json>(
      body.entry
        .filter((e: Json) => e.search.mode === 'include')
        .map((e: Json) => [e.resource.id, e.resource]),
    );
    const refs = matches(body).flatMap((r: Json) =>
      r.result.map((x: Json) => x.reference.replace('Observation/', '')),
    );
    expect(refs.length).toBeGreaterThan(0);
    expect([...included.keys()].sort()).toEqual([...refs].sort());
    for (const o of included.values()) expect(o.resourceType).toBe('Observation');
    const plain = await get(reportsUrl(unflagged, '&category=LAB'));
    expect(plain.body.entry.every((e: Json) => e.search.mode === 'match')).toBe(true);
  });

  it('when one report and one Observation are read by id, then they match the search', async () => {
    const lab = labOf(conventional);
    const { res, body } = await get(`${conventional.url}/DiagnosticReport/${lab.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(body).toMatchObject({
      resourceType: 'DiagnosticReport',
      id: lab.id,
      status: 'final',
      issued: lab.issued,
    });
    expect(body.result).toHaveLength(lab.results.length);
    const obs = await get(`${conventional.url}/${body.result[0].reference}`);
    expect(obs.body).toMatchObject({
      resourceType: 'Observation',
      code: { text: lab.results[0]!.name },
      valueQuantity: { value: lab.results[0]!.value, unit: lab.results[0]!.unit },
    });
  });

  it.each([
    ['DiagnosticReport/L00000000000000000000001'],
    ['DiagnosticReport/nope'],
    ['Observation/nope-1'],
    ['Binary/nope'],
  ])('when %s is read, then 404 with an OperationOutcome', async (path) => {
    const { res, body } = await get(`${conventional.url}/${path}`);
    expect(res.status).toBe(404);
    expect(body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found' }],
    });
  });

  it.each([
    ['', 'patient.identifier'],
    [`${patient('EMPI3F2A9C01B7D4E5F60718')}&date=ge2026-02-30`, 'date'],
    [`${patient('EMPI3F2A9C01B7D4E5F60718')}&_count=0`, '_count'],
  ])('when the search is "%s", then 400 naming %s', async (q, name) => {
    const { res, body } = await get(`${conventional.url}/DiagnosticReport?${q}`);
    expect(res.status).toBe(400);
    expect(body.issue[0]).toMatchObject({ code: 'invalid' });
    expect(body.issue[0].diagnostics).toContain(name);
  });

  it('when the patient identifier is of another system or nobody, then the searchset is empty, as for a person without reports there', async () => {
    const other = await get(`${conventional.url}/DiagnosticReport?patient.identifier=urn:other|${person}`);
    expect(other.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] });
    const without = findPerson((m) => conventional.reportsOf(m).length === 0);
    const nobody = await get(`${conventional.url}/Observation?${patient(without)}`);
    expect(nobody.body).toMatchObject({ total: 0, entry: [] });
  });

  it('when glucose is looked up, then one hospital codes it 2345-7 in mg/dL and another 14749-6 in mmol/L', async () => {
    const glucose = async (feed: HospitalFeedHandle, loinc: string) => {
      const someone = findPerson((m) =>
        feed.reportsOf(m).some((r) => r.results.some((x) => x.code === 'GLU')),
      );
      const { body } = await get(
        `${feed.url}/Observation?${patient(someone)}&code=http://loinc.org|${loinc}`,
      );
      expect(body.total).toBeGreaterThan(0);
      return body.entry[0].resource;
    };
    const mg = await glucose(conventional, '2345-7');
    expect(mg.valueQuantity).toMatchObject({
      unit: 'mg/dL',
      system: 'http://unitsofmeasure.org',
      code: 'mg/dL',
    });
    expect(mg.referenceRange[0]).toMatchObject({ low: { value: 70 }, high: { value: 110 }, text: '70-110' });
    const mmol = await glucose(unflagged, '14749-6');
    expect(mmol.valueQuantity).toMatchObject({ unit: 'mmol/L', code: 'mmol/L' });
    expect(mmol.referenceRange[0]).toMatchObject({ low: { value: 3.9 }, high: { value: 6.1 } });
    const blood = await glucose(byUrl, '15074-8');
    expect(blood.code.coding[1]).toMatchObject({ code: 'GLU', display: '葡萄糖' });
  });

  it('when lab Observations are read, then one hospital sends interpretation H/L/N and another sends none', async () => {
    const interp = async (feed: HospitalFeedHandle) =>
      (await readAll(`${feed.url}/Observation?${patient(person)}&category=laboratory`)).map(
        (o) => o.interpretation,
      );
    const sent = await interp(conventional);
    expect(sent.length).toBeGreaterThan(0);
    for (const i of sent)
      expect(i[0].coding[0]).toMatchObject({
        system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
        code: expect.stringMatching(/^[HLN]$/),
      });
    const none = await interp(unflagged);
    expect(none.length).toBeGreaterThan(0);
    expect(none.every((i) => i === undefined)).toBe(true);
  });

  it('when an imaging report is read, then it carries the conclusion, the findings and an inline PDF', async () => {
    const img = imagingOf(conventional);
    const { body } = await get(`${conventional.url}/DiagnosticReport/${img.id}`);
    expect(body.category[0].coding[0].code).toBe('RAD');
    expect(body.conclusion).toBe(img.conclusion);
    expect(body.text.div).toContain(img.findings);
    const form = body.presentedForm[0];
    expect(form.contentType).toBe('application/pdf');
    const pdf = Buffer.from(form.data, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBe(form.size);
    expect(pdf.length).toBeLessThan(2048);
  });

  it('when a hospital serves the PDF by URL and findings as an Observation, then both can be fetched', async () => {
    const img = imagingOf(byUrl);
    const { body } = await get(
      `${byUrl.url}/DiagnosticReport?${patient(person)}&category=RAD&_include=DiagnosticReport:result`,
    );
    const report = matches(body).find((r: Json) => r.id === img.id);
    expect(report.conclusion).toBe(img.conclusion);
    const findings = body.entry.find((e: Json) => e.resource.id === `${img.id}-F`).resource;
    expect(findings).toMatchObject({ code: { coding: [{ code: '18782-3' }] }, valueString: img.findings });
    const url: string = report.presentedForm[0].url;
    expect(url).toBe(`${byUrl.url}/Binary/${img.id}`);
    const raw = await fetch(url);
    expect(raw.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await raw.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const asFhir = await get(url, { Accept: 'application/fhir+json' });
    expect(asFhir.body).toMatchObject({ resourceType: 'Binary', contentType: 'application/pdf' });
  });

  it('when a test registers a report with an abnormal value, a NaN, no unit and a 5 MB PDF, then the feed serves it so', async () => {
    const spec = {
      masterId: person,
      category: 'lab',
      id: 'T-ABNORMAL-1',
      title: '生化检查',
      issued: '2026-01-05T06:30:00+08:00',
      results: [
        {
          code: 'GLU',
          loinc: '14749-6',
          name: '葡萄糖',
          value: 12.3,
          unit: 'mmol/L',
          ucum: 'mmol/L',
          low: 3.9,
          high: 6.1,
          range: '3.9-6.1',
          flag: 'H',
        },
        { code: 'TC', name: '总胆固醇', value: 'NaN', unit: 'mmol/L', range: '<5.2' },
        { code: 'CREA', name: '肌酐', value: 88 },
      ],
      attachment: { sizeBytes: 5 * 1024 * 1024 },
    };
    const res = await fetch(`${unflagged.origin}/__admin/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
    expect(res.status).toBe(201);
    const admin = (await res.json()) as Json;
    expect(admin.data).toMatchObject({
      id: 'T-ABNORMAL-1',
      source: 'admin',
      attachment: { size: expect.any(Number) },
    });
    expect(admin.data.attachment.size).toBeGreaterThanOrEqual(5 * 1024 * 1024);

    const { body } = await get(reportsUrl(unflagged, '&_include=DiagnosticReport:result&_count=1'));
    expect(body.entry[0].resource.id).toBe('T-ABNORMAL-1');
    expect(Buffer.from(body.entry[0].resource.presentedForm[0].data, 'base64').length).toBeGreaterThanOrEqual(
      5 * 1024 * 1024,
    );
    const [glu, tc, crea] = body.entry.slice(1).map((e: Json) => e.resource);
    expect(glu.valueQuantity).toEqual({
      value: 12.3,
      unit: 'mmol/L',
      system: 'http://unitsofmeasure.org',
      code: 'mmol/L',
    });
    expect(glu.interpretation[0].coding[0].code).toBe('H');
    expect(tc.valueQuantity).toBeUndefined();
    expect(tc.dataAbsentReason.coding[0].code).toBe('not-a-number');
    expect(tc.referenceRange).toEqual([{ text: '<5.2' }]);
    expect(crea.valueQuantity).toEqual({ value: 88 });
    expect(crea.referenceRange).toBeUndefined();

    unflagged.reset();
    expect((await get(`${unflagged.url}/DiagnosticReport/T-ABNORMAL-1`)).res.status).toBe(404);
  });

  it.each([
    [{ category: 'lab', title: 'x' }, 'masterId'],
    [{ masterId: 'EMPI3F2A9C01B7D4E5F60718', category: 'blood', title: 'x' }, 'category'],
    [
      {
        masterId: 'EMPI3F2A9C01B7D4E5F60718',
        category: 'lab',
        title: 'x',
        results: [{ code: 'A', name: 'a', value: null }],
      },
      'results[0].value',
    ],
    [
      { masterId: 'EMPI3F2A9C01B7D4E5F60718', category: 'lab', title: 'x', id: 'L3F2A9C01B7D4E5F60718001' },
      'id',
    ],
  ])('when the admin spec is %p, then 400 naming %s', async (spec, field) => {
    const res = await fetch(`${conventional.origin}/__admin/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).message).toContain(field);
  });

  it('when faults are set, then they apply to the report routes too', async () => {
    conventional.setFaults({ status500: true });
    const failed = await get(reportsUrl(conventional));
    expect(failed.res.status).toBe(500);
    expect(failed.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'exception' }] });
    conventional.setFaults({ status500: false, malformed: true });
    const garbled = await fetch(reportsUrl(conventional));
    expect(garbled.status).toBe(200);
    await expect(garbled.json()).rejects.toThrow();
    conventional.setFaults({ malformed: false, hang: true });
    const hung = await fetch(reportsUrl(conventional), { signal: AbortSignal.timeout(500) }).catch(
      (e: unknown) => e,
    );
    expect(hung).toMatchObject({ name: 'TimeoutError' });
  });

  it('when the CapabilityStatement is read, then it lists DiagnosticReport, Observation and Binary', async () => {
    const { body } = await get(`${conventional.url}/metadata`);
    const types = body.rest[0].resource.map((r: Json) => r.type);
    expect(types).toEqual(expect.arrayContaining(['DiagnosticReport', 'Observation', 'Binary']));
  });
});
