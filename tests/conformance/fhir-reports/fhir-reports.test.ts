import type { ReportDetail } from '@jiankang/shared';
import { createReportSource } from '../../../bff/src/upstreams/hospitals/create-report-source';
import type { ReportList, ReportSource } from '../../../bff/src/upstreams/hospitals/common/report-source';
import { serveFhirFixtures, type FhirFixtureEndpoint } from '../support/fhir-search-endpoint';

// A FHIR R4 report server written by hand in the shapes of the published DiagnosticReport and
// Observation examples, with none of our extensions: contained, _include'd and only referenced
// results, every value[x], ranges by sex and age, v3 interpretation codes, withdrawn, preliminary,
// someone else's and unreadable records.
const MASTER = 'EMPIAAAABBBBCCCCDDDDEEEE';

describe('a FHIR server that writes reports as plain R4', () => {
  let host: FhirFixtureEndpoint;
  let source: ReportSource;
  let list: ReportList;
  const events: unknown[] = [];
  const details = new Map<string, ReportDetail>();
  beforeAll(async () => {
    host = await serveFhirFixtures(
      __dirname,
      {
        patients: 'patients.json',
        reports: 'reports.json',
        included: 'observations-included.json',
        referenced: 'observations-referenced.json',
      },
      { 'ct-pdf': Buffer.from('%PDF-1.4 conformance\n%%EOF\n') },
    );
    source = createReportSource({
      id: 'plainrep',
      adapter: 'fhir',
      baseUrl: `${host.origin}/fhir`,
      timeoutMs: 10_000,
      onSecurityEvent: (e) => events.push(e),
    })!;
    list = await source.list(MASTER, {});
    for (const id of ['cbc', 'chem', 'sero', 'ct', 'urine-pre', 'ecg', 'plain']) {
      const d = await source.get(MASTER, id);
      if (d) details.set(id, d);
    }
  });
  afterAll(() => host.close());
  const item = (report: string, name: string) => details.get(report)!.items.find((i) => i.name === name)!;

  it('finds the patient by identifier and asks for reports by subject, without a category, then _id in one batch', () => {
    expect(host.requests[0]).toContain('/fhir/Patient?identifier=urn%3Ajiankang%3Aempi%7C');
    const search = host.requests.find((r) => r.startsWith('/fhir/DiagnosticReport?'))!;
    expect(search).toContain('subject=Patient%2Fpat-7');
    expect(search).toContain('_include=DiagnosticReport%3Aresult');
    expect(search).not.toContain('category');
    const batches = host.requests.filter((r) => r.startsWith('/fhir/Observation?')).slice(0, 1);
    expect(batches).toHaveLength(1);
    expect(decodeURIComponent(batches[0]!)).toContain('_id=hbsag,titer,range,note,preg,count,broken,gone');
  });

  it('lists every readable report newest first; withdrawn ones are counted, not shown', () => {
    expect(list.reports.map((r) => r.id)).toEqual(
      ['plain', 'ecg', 'urine-pre', 'ct', 'sero', 'chem', 'cbc'].map((id) => `plainrep:${id}`),
    );
    expect(list.withdrawn).toBe(2); // the entered-in-error report and the withdrawn potassium
  });

  it('counts what it could not read with a reason and a sample id, and the report about someone else', () => {
    expect(list.skipped.count).toBe(5);
    expect(list.skipped.samples).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DiagnosticReport\/no category: id/),
        'DiagnosticReport/theirs: subject is not the patient asked for',
        expect.stringMatching(/^DiagnosticReport\/cbc\/Observation\/#r3: valueQuantity\.value/),
        expect.stringMatching(/^Observation\/broken: interpretation/),
        'Observation/gone: referenced but not found',
      ]),
    );
    expect(events).toContainEqual({ event: 'report_subject_mismatch', reportId: 'theirs' });
    expect(JSON.stringify(list.skipped)).not.toContain(MASTER);
  });

  it('files v2-0074 sections: HM, CH, SR, UR as 检验; RAD and EC as 检查; no category with results as 检验', () => {
    const type = (id: string) => list.reports.find((r) => r.id === `plainrep:${id}`)?.type;
    expect(['cbc', 'chem', 'sero', 'urine-pre', 'plain'].map(type)).toEqual([
      'lab',
      'lab',
      'lab',
      'lab',
      'lab',
    ]);
    expect(['ct', 'ecg'].map(type)).toEqual(['imaging', 'imaging']);
  });

  it('reads contained results with the range for the patient’s sex and the hospital’s flag', () => {
    const cbc = details.get('cbc')!;
    expect(cbc).toMatchObject({
      title: '血常规',
      performer: '检验科',
      status: 'final',
      effectiveAt: '2027-02-10T08:05:00+08:00',
    });
    expect(item('cbc', '血红蛋白')).toMatchObject({
      value: '105',
      numericValue: 105,
      unit: 'g/L',
      loinc: '718-7',
      range: { low: 115, high: 150 },
      flag: 'L',
      flagSource: 'hospital',
    });
    expect(item('cbc', '白细胞计数')).toMatchObject({
      flag: 'N',
      flagSource: 'computed',
      range: { low: 3.5, high: 9.5 },
    });
    expect(cbc.problems).toContain('1 result(s) could not be read');
  });

  it('reads _include’d results: HH in words, an age-specific range, a comparator, a text range', () => {
    expect(item('chem', '葡萄糖')).toMatchObject({
      flag: 'H',
      interpretation: '危急值偏高',
      numericValue: 7.2,
    });
    // Born 1958-04-02, tested 2027-02-12: 68, so the over-60 range applies.
    expect(item('chem', '丙氨酸氨基转移酶')).toMatchObject({ range: { high: 50 }, flag: 'N' });
    const crea = item('chem', '肌酐');
    expect(crea).toMatchObject({ value: '<60', unit: 'umol/L', range: { low: 41, high: 73, text: '41-73' } });
    expect(crea.numericValue).toBeUndefined();
    expect(details.get('chem')!.items.map((i) => i.name)).not.toContain('钾');
  });

  it('reads referenced results of every value type', () => {
    expect(item('sero', '乙肝表面抗原')).toMatchObject({
      value: '阴性',
      interpretation: '阴性',
      range: { text: '阴性' },
    });
    expect(item('sero', '抗体滴度')).toMatchObject({ value: '1:128', interpretation: '阳性' });
    expect(item('sero', '估算范围')).toMatchObject({ value: '2-4', unit: 'mg/L' });
    expect(item('sero', '标本性状')).toMatchObject({ value: '轻度溶血' });
    expect(item('sero', '妊娠试验')).toMatchObject({ value: '否', interpretation: '异常' });
    expect(item('sero', '菌落计数')).toMatchObject({
      value: '12',
      numericValue: 12,
      flag: 'H',
      flagSource: 'computed',
    });
    expect(details.get('sero')).toMatchObject({
      status: 'amended',
      effectiveAt: '2027-02-14T09:00:00+08:00',
    });
    expect(details.get('sero')!.problems).toContain('2 result(s) could not be read');
  });

  it('reads an imaging report: conclusion, coded conclusion, performers, a PDF by URL on the same server', () => {
    expect(details.get('ct')).toMatchObject({
      type: 'imaging',
      title: '胸部CT平扫',
      conclusion: '双肺未见明显异常。',
      conclusionCodes: ['未见异常'],
      performer: '放射科、李医生',
      items: [],
      attachment: { contentType: 'application/pdf', sizeBytes: 1024, available: true },
    });
  });

  it('shows a preliminary report marked; a report with only effective[x] is dated by it', () => {
    expect(list.reports.find((r) => r.id === 'plainrep:urine-pre')).toMatchObject({ status: 'preliminary' });
    expect(item('urine-pre', '尿pH')).toMatchObject({ range: { low: 5, high: 8 }, flag: 'N' });
    expect(details.get('plain')).toMatchObject({ issuedAt: '2027-02-19T08:00:00+08:00' });
    expect(item('plain', 'HbA1c')).toMatchObject({ flag: 'H', range: { high: 6, text: '<6.0' } });
  });

  it('never shows a withdrawn report or someone else’s by id', async () => {
    expect(await source.get(MASTER, 'mistake')).toBeNull();
    expect(await source.get(MASTER, 'theirs')).toBeNull();
  });
});
