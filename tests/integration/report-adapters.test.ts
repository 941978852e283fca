import {
  startHospitalFeeds,
  startRegionalPlatform,
  DEFAULT_APPS,
  type HospitalFeedHandle,
  type RegionalPlatformHandle,
  type SimReport,
} from '@jiankang/sim';
import { ReportDetail, ReportSummary, beijingDate } from '@jiankang/shared';
import { findPerson } from '../../sim/src/testing/report-people';
import { UpstreamError } from '../../bff/src/lib/upstream-error';
import { RegionalClient } from '../../bff/src/upstreams/regional/client';
import { createReportSource } from '../../bff/src/upstreams/hospitals/create-report-source';
import { RegionalReportIndex } from '../../bff/src/upstreams/regional/report-index';
import type {
  ReportSource,
  ReportSourceConfig,
} from '../../bff/src/upstreams/hospitals/common/report-source';

// Wide: a 5 MB PDF must come through on a busy 2-core runner; the hang case waits it out.
const TIMEOUT_MS = 2_000;
/** The report-serving hospitals of config/hospitals.json, each in its own dialect (docs/upstreams/reports.md). */
const HOSPITALS = [
  { hospitalId: 'hzszxrmyy', kind: 'fhir' }, // conventional units, interpretation, PDF inline
  { hospitalId: 'hzsdyrmyy', kind: 'fhir' }, // SI units, no flags
  { hospitalId: 'hzsdsrmyy', kind: 'fhir' }, // findings Observation, PDF by URL
  { hospitalId: 'blxrmyy', kind: 'his-xml', encoding: 'gbk' },
  { hospitalId: 'hdxrmyy', kind: 'his-xml' },
] as const;
const IDS = HOSPITALS.map((h) => h.hospitalId);

let platform: RegionalPlatformHandle;
const feeds = new Map<string, HospitalFeedHandle>();
let person: string;
beforeAll(async () => {
  platform = await startRegionalPlatform();
  const started = await startHospitalFeeds(HOSPITALS.map((h) => ({ ...h, port: 0 })));
  for (const feed of started) feeds.set(feed.hospitalId, feed);
  person = findPerson((m) => started.every((f) => f.reportsOf(m).length > 0));
});
afterEach(() => {
  platform.reset();
  feeds.forEach((f) => f.reset());
});
afterAll(() => Promise.all([platform.close(), ...[...feeds.values()].map((f) => f.close())]));

const feedOf = (id: string) => feeds.get(id)!;
const configOf = (id: string, extra: Partial<ReportSourceConfig> = {}): ReportSourceConfig => {
  const feed = feedOf(id);
  const encoding = HOSPITALS.find((h) => h.hospitalId === id)!;
  return {
    id,
    adapter: feed.kind,
    baseUrl: feed.url,
    ...('encoding' in encoding && { encoding: encoding.encoding }),
    timeoutMs: TIMEOUT_MS,
    ...extra,
  };
};
const sourceOf = (id: string, extra?: Partial<ReportSourceConfig>): ReportSource =>
  createReportSource(configOf(id, extra))!;
const ids = (id: string, reports: readonly SimReport[]) => reports.map((r) => `${id}:${r.id}`).sort();
const sorted = (list: readonly ReportSummary[]) => list.map((r) => r.id).sort();

describe.each(IDS)('report adapter for %s', (id) => {
  it('when a seeded person is listed, then every report the hospital holds comes back, newest first', async () => {
    const truth = feedOf(id).reportsOf(person);
    const list = (await sourceOf(id).list(person, {})).reports;
    expect(sorted(list)).toEqual(ids(id, truth));
    for (const summary of list) expect(ReportSummary.parse(summary)).toEqual(summary);
    const issued = list.map((r) => Date.parse(r.issuedAt));
    expect(issued).toEqual([...issued].sort((a, b) => b - a));
  });

  it('when each listed report is read, then it matches the hospital and its summary', async () => {
    const source = sourceOf(id);
    const list = (await source.list(person, {})).reports;
    for (const summary of list) {
      const sourceId = summary.id.slice(id.length + 1);
      const detail = await source.get(person, sourceId);
      expect(ReportDetail.parse(detail)).toEqual(detail);
      expect(detail).toMatchObject(summary);
      const truth = feedOf(id)
        .reportsOf(person)
        .find((r) => r.id === sourceId)!;
      expect(detail!.type).toBe(truth.category);
      expect(detail!.title).toBe(truth.title);
      expect(detail!.items.map((i) => i.name)).toEqual(truth.results.map((r) => r.name));
      if (truth.category === 'imaging') expect(detail!.conclusion).toBe(truth.conclusion);
      // Every seeded value is a number with a numeric range, so every flag can be known.
      for (const item of detail!.items) expect(item.flag).not.toBeNull();
    }
  });

  it('when filtered by type and by a one-day window, then exactly those reports come back', async () => {
    const source = sourceOf(id);
    const truth = feedOf(id).reportsOf(person);
    for (const type of ['lab', 'imaging'] as const) {
      const list = (await source.list(person, { type })).reports;
      expect(sorted(list)).toEqual(
        ids(
          id,
          truth.filter((r) => r.category === type),
        ),
      );
    }
    const day = beijingDate(truth[0]!.effective);
    const window = (await source.list(person, { from: day, to: day })).reports;
    expect(sorted(window)).toEqual(
      ids(
        id,
        truth.filter((r) => beijingDate(r.effective) === day),
      ),
    );
  });

  it('when an unknown id or another person’s report is asked for, then the answer is null', async () => {
    const source = sourceOf(id);
    expect(await source.get(person, 'NO-SUCH-REPORT')).toBeNull();
    const other = findPerson((m) => m !== person && feedOf(id).reportsOf(m).length > 0);
    const theirs = feedOf(id).reportsOf(other)[0]!;
    expect(await source.get(person, theirs.id)).toBeNull();
  });

  it('when a registered lab report has a NaN, a missing unit and unflagged abnormal value, then it is read with problems noted', async () => {
    feedOf(id).addReport({
      masterId: person,
      category: 'lab',
      id: 'T-ODD-1',
      title: '生化检查',
      results: [
        {
          code: 'GLU',
          loinc: '14749-6',
          name: '葡萄糖',
          value: 12.3,
          unit: 'mmol/L',
          ucum: 'mmol/L',
          range: '3.9-6.1',
        },
        { code: 'TC', name: '总胆固醇', value: 'NaN', unit: 'mmol/L', range: '<5.2' },
        { code: 'CREA', name: '肌酐', value: 88 },
        { code: 'ALT', name: '丙氨酸氨基转移酶', value: 50, unit: 'U/L', range: '0-40', flag: 'H' },
      ],
    });
    const detail = await sourceOf(id).get(person, 'T-ODD-1');
    expect(detail).toMatchObject({ id: `${id}:T-ODD-1`, type: 'lab', abnormalCount: 2 });
    const [glu, tc, crea, alt] = detail!.items;
    expect(glu).toMatchObject({
      analyte: 'glucose',
      numericValue: 12.3,
      flag: 'H',
      flagSource: 'computed',
      problems: [],
    });
    expect(glu!.range).toMatchObject({ low: 3.9, high: 6.1, text: '3.9-6.1' });
    expect(tc).toMatchObject({
      flag: null,
      flagSource: null,
      problems: [expect.stringMatching(/NaN|not-a-number/)],
    });
    expect(tc!.numericValue).toBeUndefined();
    expect(crea).toMatchObject({ numericValue: 88, flag: null, problems: ['no unit given'] });
    expect(crea!.unit).toBeUndefined();
    expect(alt).toMatchObject({ flag: 'H', flagSource: 'hospital' });
    const listed = (await sourceOf(id).list(person, { type: 'lab' })).reports.find(
      (r) => r.id === `${id}:T-ODD-1`,
    );
    expect(listed?.problems).toHaveLength(2);
  });

  it('when a registered imaging report carries a 5 MB PDF, then it is read and the attachment marked too large', async () => {
    feedOf(id).addReport({
      masterId: person,
      category: 'imaging',
      id: 'T-BIG-1',
      title: '胸部CT平扫',
      findings: '双肺纹理清晰。',
      conclusion: '胸部CT平扫未见异常。',
      attachment: { contentType: 'application/pdf', sizeBytes: 5 * 1024 * 1024 },
    });
    const detail = await sourceOf(id).get(person, 'T-BIG-1');
    expect(detail).toMatchObject({
      type: 'imaging',
      findings: '双肺纹理清晰。',
      conclusion: '胸部CT平扫未见异常。',
      attachment: { contentType: 'application/pdf', available: false, problem: 'attachment too large' },
      problems: ['attachment too large'],
    });
    expect(detail!.attachment!.sizeBytes).toBeGreaterThanOrEqual(5 * 1024 * 1024);
  });

  it('when a small PDF is attached, then it is offered', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');
    feedOf(id).addReport({
      masterId: person,
      category: 'imaging',
      id: 'T-PDF-1',
      title: '胸部正位片',
      conclusion: '心肺膈未见明显异常。',
      attachment: { contentType: 'application/pdf', title: 'r.pdf', dataBase64: pdf },
    });
    const detail = await sourceOf(id).get(person, 'T-PDF-1');
    expect(detail!.attachment).toEqual({ contentType: 'application/pdf', sizeBytes: 15, available: true });
  });

  it('when the hospital hangs, then the list fails as a timeout within the timeout', async () => {
    feedOf(id).setFaults({ hang: true });
    const started = Date.now();
    const failure = await sourceOf(id)
      .list(person, {})
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ kind: 'timeout', upstream: `reports:${id}` });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
  });

  it('when the hospital answers garbage, then the list and the read fail as malformed', async () => {
    const sourceId = feedOf(id).reportsOf(person)[0]!.id;
    feedOf(id).setFaults({ malformed: true });
    await expect(sourceOf(id).list(person, {})).rejects.toMatchObject({ kind: 'malformed' });
    await expect(sourceOf(id).get(person, sourceId)).rejects.toMatchObject({ kind: 'malformed' });
  });
});

describe('FHIR paging', () => {
  const many = () => findPerson((m) => feedOf('hzszxrmyy').reportsOf(m).length >= 3);

  it('when pages hold one report each, then next links gather all of them', async () => {
    const masterId = many();
    const list = (await sourceOf('hzszxrmyy', { pageSize: 1 }).list(masterId, {})).reports;
    expect(sorted(list)).toEqual(ids('hzszxrmyy', feedOf('hzszxrmyy').reportsOf(masterId)));
  });

  it('when the search has more pages than allowed, then it fails as malformed rather than read forever', async () => {
    const source = sourceOf('hzszxrmyy', { pageSize: 1, maxPages: 2 });
    await expect(source.list(many(), {})).rejects.toMatchObject({ kind: 'malformed' });
  });
});

describe('regional report index', () => {
  const index = () =>
    new RegionalReportIndex(
      new RegionalClient({
        baseUrl: platform.url,
        appId: 'jk-bff-dev',
        appSecret: DEFAULT_APPS['jk-bff-dev']!,
        timeoutMs: 2_000,
        retries: 1,
      }),
    );

  it('when a person is looked up, then the index names the hospitals and counts each adapter lists', async () => {
    const entries = await index().lookup(person);
    expect(entries.map((e) => e.hospitalId).sort()).toEqual([...IDS].sort());
    for (const entry of entries) {
      const listed = (await sourceOf(entry.hospitalId).list(person, {})).reports;
      expect(entry.reportCount).toBe(listed.length);
      expect(Date.parse(entry.latestIssued)).toBe(Date.parse(listed[0]!.issuedAt));
    }
  });

  it.each(['lab', 'imaging'] as const)(
    'when asked for %s only, then the counts are of that type',
    async (type) => {
      const entries = await index().lookup(person, type);
      for (const entry of entries) {
        const listed = (await sourceOf(entry.hospitalId).list(person, { type })).reports;
        expect(entry.reportCount).toBe(listed.length);
      }
    },
  );
});

describe('createReportSource', () => {
  it.each([
    ['fhir', 'FhirReportSource'],
    ['his-xml', 'HisReportSource'],
  ] as const)('when the registry says %s, then the %s adapter is used', (adapter, name) => {
    const source = createReportSource({ id: 'x', adapter, baseUrl: 'http://127.0.0.1:1' });
    expect(source?.constructor.name).toBe(name);
  });

  it('when the hospital publishes SMART Scheduling Links, then it has no report source', () => {
    expect(
      createReportSource({ id: 'x', adapter: 'smart-scheduling-links', baseUrl: 'http://127.0.0.1:1' }),
    ).toBeUndefined();
  });
});

describe('the FHIR report simulator in both modes', () => {
  it('when plain (the default), then reports carry no private extension and are all read with nothing skipped', async () => {
    const list = await sourceOf('hzszxrmyy').list(person, {});
    expect(list.skipped).toEqual({ count: 0, samples: [] });
    expect(list.reports.length).toBe(feedOf('hzszxrmyy').reportsOf(person).length);
    for (const r of list.reports) expect(r.department).toBeUndefined();
  });

  it('when enriched, then the ordering department comes from our optional extension', async () => {
    const [enriched] = await startHospitalFeeds([
      { hospitalId: 'hzszxrmyy', kind: 'fhir', port: 0, profile: 'enriched' },
    ]);
    try {
      const source = createReportSource({
        id: 'hzszxrmyy',
        adapter: 'fhir',
        baseUrl: enriched!.url,
        timeoutMs: TIMEOUT_MS,
      })!;
      const list = await source.list(person, {});
      const truth = enriched!.reportsOf(person);
      expect(list.skipped.count).toBe(0);
      for (const r of list.reports)
        expect(r.department).toBe(truth.find((t) => `hzszxrmyy:${t.id}` === r.id)!.deptName);
    } finally {
      await enriched!.close();
    }
  });
});
