import { FaultSwitch, type Faults } from '../lib/faults';
import { listen } from '../lib/listen';
import { createRng } from '../lib/prng';
import { createRegionalApp } from './app';
import { HealthCardRegistry } from './health-cards';
import { NonceCache } from './nonce-cache';
import { DirectoryStore } from './store';
import type { RegionalPlatformHandle, RegionalPlatformOptions } from './types';

export const DEFAULT_APPS: Readonly<Record<string, string>> = Object.freeze({
  'jk-bff-dev': 'dev-only-regional-secret-change-me',
});
export const DEFAULT_SEED = 'huizhou';
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

/** Starts the simulated 区域全民健康信息平台 on loopback; port 0 picks a free port. */
export async function startRegionalPlatform(
  opts: RegionalPlatformOptions = {},
): Promise<RegionalPlatformHandle> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const maxSkewMs = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const store = new DirectoryStore(seed);
  const cards = new HealthCardRegistry(seed);
  const faults = new FaultSwitch();
  const nonces = new NonceCache(2 * maxSkewMs);
  const closing = new AbortController();
  let rng = createRng(`${String(seed)}:faults`);

  const reset = () => {
    faults.reset();
    store.reset();
    cards.reset();
    nonces.clear();
    rng = createRng(`${String(seed)}:faults`);
  };

  const app = createRegionalApp({
    store,
    cards,
    faults,
    nonces,
    random: () => rng.next(),
    apps: { ...(opts.apps ?? DEFAULT_APPS) },
    maxSkewMs,
    reset,
    signal: closing.signal,
  });
  const server = await listen(app, opts.port ?? 0, opts.host ?? '127.0.0.1');

  return {
    url: server.url,
    port: server.port,
    setFaults: (f: Partial<Faults>) => void faults.set(f),
    reset,
    close() {
      closing.abort(new Error('regional platform simulator closed'));
      return server.close();
    },
  };
}
