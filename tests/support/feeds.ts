import { createServer } from 'node:net';
import {
  signPush,
  startHospitalFeed,
  type HospitalFeedHandle,
  type HospitalFeedOptions,
} from '@jiankang/sim';

/**
 * A port nothing listens on right now, for a simulator that must be named in the BFF's registry
 * before it starts (its push target is the BFF, whose port is only known once the BFF listens).
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface SignedPushOptions {
  /** Unix epoch milliseconds as a string; default now. */
  timestamp?: string;
  nonce?: string;
  contentType?: string;
}

/** Headers for a slot-event push as a hospital signs it (docs/upstreams/slot-push.md). */
export function signedPushHeaders(secret: string, body: string, opts: SignedPushOptions = {}) {
  const timestamp = opts.timestamp ?? String(Date.now());
  const nonce = opts.nonce ?? crypto.randomUUID().replaceAll('-', '');
  return {
    'content-type': opts.contentType ?? 'application/json; charset=utf-8',
    'x-feed-timestamp': timestamp,
    'x-feed-nonce': nonce,
    'x-feed-signature': signPush(secret, timestamp, nonce, body),
  };
}

/**
 * One hospital simulator for a describe block, on a clock the test moves (`clock.ms += …`):
 * started before its tests, reset (faults, slots, clock) after each, closed at the end.
 */
export function feedUnderTest(opts: Omit<HospitalFeedOptions, 'port' | 'now'>, startIso: string) {
  const t0 = Date.parse(startIso);
  const clock = { ms: t0 };
  let handle: HospitalFeedHandle | undefined;
  beforeAll(async () => {
    handle = await startHospitalFeed({ ...opts, port: 0, now: () => new Date(clock.ms) });
  });
  afterEach(() => {
    handle?.reset();
    clock.ms = t0;
  });
  afterAll(() => handle?.close());
  return {
    clock,
    get feed(): HospitalFeedHandle {
      if (!handle) throw new Error('the feed starts in beforeAll');
      return handle;
    },
  };
}
