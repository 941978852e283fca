import { join } from 'node:path';
import { startHospitalFeed, type HospitalFeedHandle } from '@jiankang/sim';
import { serveFixtures, type FixtureServer } from '../conformance/support/fixture-server';
import { signedPushHeaders } from './feeds';
import { request } from './http';
import { startStack, type Stack } from './stack';

/** The faulty SMART publisher of the conformance corpus: broken lines, unknown schedules, a 404. */
export const PARTIAL = 'hzszxrmyy';
/** A FHIR hospital simulator, read whole, with slots in the next days. */
export const WHOLE = 'hzsdyrmyy';
export const PUSH_SECRET = 'test-only-push-secret-0123456789';
export const CONSOLE_KEYS = {
  [PARTIAL]: 'test-only-console-key-partial-0001',
  [WHOLE]: 'test-only-console-key-whole-00002',
};
export const OPERATOR_KEY = 'test-only-console-operator-key-0003';

export interface ConsoleStack {
  stack: Stack;
  fixtures: FixtureServer;
  whole: HospitalFeedHandle;
  close(): Promise<void>;
}

/**
 * A stack whose registry points one hospital at the hand-written faulty SMART feed (served by the
 * conformance fixture server) and one at a FHIR simulator; both have console keys. Polled once,
 * then one accepted and one refused push, so the console has everything to show.
 */
export async function startConsoleStack(opts: { h5Dir?: string } = {}): Promise<ConsoleStack> {
  const dir = join(__dirname, '../conformance/smart-scheduling-links/huizhou-hospital');
  const files = [
    'locations',
    'schedules',
    'services',
    'slots-2027-03-02',
    'slots-2027-03-03',
    'slots-2027-03-04',
  ];
  const fixtures = await serveFixtures(dir, {
    '/smart/$bulk-publish': { file: 'manifest.json', contentType: 'application/fhir+json' },
    ...Object.fromEntries(files.map((f) => [`/smart/files/${f}.ndjson`, { file: `${f}.ndjson` }])),
  });
  const whole = await startHospitalFeed({ hospitalId: WHOLE, kind: 'fhir', port: 0 });
  const stack = await startStack({
    ...(opts.h5Dir && { h5Dir: opts.h5Dir }),
    overrides: {
      hospitalRegistry: {
        hospitals: [
          {
            id: PARTIAL,
            adapter: 'smart-scheduling-links',
            baseUrl: `${fixtures.origin}/smart`,
            timeoutMs: 3_000,
            push: { url: `${fixtures.origin}/unused`, secret: PUSH_SECRET },
            consoleKey: CONSOLE_KEYS[PARTIAL],
          },
          {
            id: WHOLE,
            adapter: 'fhir',
            baseUrl: whole.url,
            timeoutMs: 3_000,
            consoleKey: CONSOLE_KEYS[WHOLE],
          },
        ],
      },
      feeds: { enabled: false },
      console: { operatorKey: OPERATOR_KEY, sessionTtlSeconds: 3_600, signInPerIpPerMinute: 1_000 },
    },
  });
  await stack.runtime.slotSync.runAll({ full: true });
  stack.runtime.services.feeds.invalidate();
  const pushUrl = `${stack.baseUrl}/api/v1/feeds/${PARTIAL}/slot-events`;
  const body = JSON.stringify({
    events: [
      {
        eventId: 'evt-console-1',
        type: 'slot.updated',
        hospitalId: PARTIAL,
        sourceSlotId: 'not-held-yet',
        version: 2,
        occurredAt: new Date().toISOString(),
        slot: {
          start: '2027-03-02T08:00:00+08:00',
          end: '2027-03-02T08:30:00+08:00',
          capacity: 1,
          remaining: 1,
          status: 'free',
        },
      },
    ],
  });
  await request(pushUrl, { method: 'POST', headers: signedPushHeaders(PUSH_SECRET, body), body });
  await request(pushUrl, {
    method: 'POST',
    headers: signedPushHeaders('test-only-wrong-secret-00000000000', body),
    body,
  });
  return {
    stack,
    fixtures,
    whole,
    async close() {
      await stack.close();
      await whole.close();
      await fixtures.close();
    },
  };
}
