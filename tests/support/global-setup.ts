import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../bff/src/dev/embedded-db';

declare global {
  var __JK_EMBEDDED_DB__: EmbeddedDatabase | undefined;
}

/**
 * One database for the whole run. CI passes MONGODB_URI (FerretDB it started); on a developer's
 * machine without it we start the embedded one, and test workers inherit the URI.
 */
export default async function globalSetup(): Promise<void> {
  // Names this run, so suites can share work done once per run (e.g. the H5 build).
  process.env.JK_TEST_RUN_ID ??= randomUUID();
  if (process.env.MONGODB_URI) return;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jk-test-db-'));
  const db = await startEmbeddedDatabase(dataDir, (line) => process.stderr.write(`${line}\n`));
  const stop = db.stop;
  // The data folder goes with the database.
  db.stop = async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  globalThis.__JK_EMBEDDED_DB__ = db;
  process.env.MONGODB_URI = db.uri;
  process.env.JK_TEST_DB_KIND = db.kind;
}
