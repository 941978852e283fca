import type { Connection } from 'mongoose';
import type { ReadinessResponse } from '@jiankang/shared';
import { pingDatabase } from '../models/connection';
import type { DirectorySource } from '../upstreams/regional/directory-source';
import type { DirectoryStore } from './directory-store';

const PROBE_TIMEOUT_MS = 1_500;

async function timed(fn: () => Promise<void>): Promise<{ ok: boolean; latencyMs: number; reason?: string }> {
  const started = Date.now();
  try {
    await fn();
    return { ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return { ok: false, latencyMs: Date.now() - started, reason: (err as Error).message.slice(0, 200) };
  }
}

/** Ready means this replica can serve: its database answers and the regional platform is reachable. */
export class ReadinessService {
  constructor(
    private readonly conn: Connection,
    private readonly source: DirectorySource,
    private readonly store: DirectoryStore,
  ) {}

  async check(): Promise<ReadinessResponse> {
    const [database, regionalPlatform] = await Promise.all([
      timed(() => pingDatabase(this.conn, PROBE_TIMEOUT_MS)),
      timed(() => this.source.ping(PROBE_TIMEOUT_MS)),
    ]);
    return {
      status: database.ok && regionalPlatform.ok ? 'ready' : 'not_ready',
      checks: { database, regionalPlatform },
      directory: this.store.freshness(),
    };
  }
}
