import { startHospitalFeed, type FeedFaults, type FeedKind, type HospitalFeedHandle } from '@jiankang/sim';
import { createFeedAdapter } from '../../bff/src/upstreams/hospitals/create-feed-adapter';
import type { FeedAdapterConfig } from '../../bff/src/upstreams/hospitals/common/feed-adapter';
import { UpstreamError } from '../../bff/src/lib/upstream-error';

const now = () => new Date('2026-01-05T07:00:00+08:00');
const feeds = new Map<FeedKind, HospitalFeedHandle>();
const HOSPITALS: Record<FeedKind, { id: string; encoding?: 'gbk' }> = {
  fhir: { id: 'hzszxrmyy' },
  'smart-scheduling-links': { id: 'hzszyyy' },
  'his-xml': { id: 'blxrmyy', encoding: 'gbk' },
};
const KINDS = Object.keys(HOSPITALS) as FeedKind[];

beforeAll(async () => {
  for (const kind of KINDS) {
    const { id, encoding } = HOSPITALS[kind];
    feeds.set(
      kind,
      await startHospitalFeed({ hospitalId: id, kind, port: 0, now, ...(encoding && { encoding }) }),
    );
  }
});
afterEach(() => {
  for (const feed of feeds.values()) feed.reset();
});
afterAll(() => Promise.all([...feeds.values()].map((f) => f.close())));

function adapterFor(kind: FeedKind, extra: Partial<FeedAdapterConfig> = {}) {
  const feed = feeds.get(kind)!;
  const { id, encoding } = HOSPITALS[kind];
  return createFeedAdapter({ id, adapter: kind, baseUrl: feed.url, ...(encoding && { encoding }), ...extra });
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

const cases: [string, Partial<FeedFaults>, Partial<UpstreamError>][] = [
  ['500', { status500: true }, { kind: 'status', retryable: true, status: 500 }],
  [
    '429 with Retry-After',
    { status429: { retryAfterSeconds: 7 } },
    { kind: 'status', retryable: true, status: 429, retryAfterMs: 7000 },
  ],
  ['a connection reset', { reset: true }, { kind: 'network', retryable: true }],
  ['a malformed body', { malformed: true }, { kind: 'malformed', retryable: false }],
];

describe.each(KINDS)('feed faults (%s)', (kind) => {
  it.each(cases)(
    'when the feed answers %s, then the adapter throws the matching UpstreamError',
    async (_n, faults, expected) => {
      feeds.get(kind)!.setFaults(faults);
      const err = await failure(adapterFor(kind).fetch({ cursor: null }));
      expect(err).toMatchObject({ ...expected, upstream: `feed:${HOSPITALS[kind].id}` });
    },
  );

  it('when the feed hangs, then the caller’s 500 ms deadline aborts it quickly as a retryable timeout', async () => {
    feeds.get(kind)!.setFaults({ hang: true });
    const started = Date.now();
    const err = await failure(adapterFor(kind).fetch({ cursor: null, signal: AbortSignal.timeout(500) }));
    expect(err).toMatchObject({ kind: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('when the body is 10 MB, then it is refused at the 5 MB limit as malformed, without buffering it all', async () => {
    feeds.get(kind)!.setFaults({ hugeBody: true });
    const started = Date.now();
    const err = await failure(adapterFor(kind).fetch({ cursor: null }));
    expect(err).toMatchObject({ kind: 'malformed', retryable: false });
    expect(err.message).toMatch(/limit/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('feed timeouts and limits from config', () => {
  it('when the feed hangs past timeoutMs, then axios gives up as a retryable timeout', async () => {
    feeds.get('fhir')!.setFaults({ hang: true });
    const started = Date.now();
    const err = await failure(adapterFor('fhir', { timeoutMs: 300 }).fetch({ cursor: null }));
    expect(err).toMatchObject({ kind: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('when a healthy answer is over a small maxBodyBytes, then it is malformed, not retried', async () => {
    const err = await failure(adapterFor('his-xml', { maxBodyBytes: 10_000 }).fetch({ cursor: null }));
    expect(err).toMatchObject({ kind: 'malformed', retryable: false });
  });

  it('when the feed only adds latency, then the fetch still succeeds', async () => {
    feeds.get('smart-scheduling-links')!.setFaults({ latencyMs: 30 });
    const result = await adapterFor('smart-scheduling-links').fetch({ cursor: null });
    expect(result.slots.length).toBeGreaterThan(0);
  });
});
