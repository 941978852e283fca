import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The openssl CLI as an independent reference implementation for the guomi tests. */
export const OPENSSL = process.env.OPENSSL_BIN ?? '/usr/bin/openssl';

export interface OpensslRun {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

export function openssl(args: readonly string[], input?: Uint8Array): OpensslRun {
  const run = spawnSync(OPENSSL, args, { input, maxBuffer: 1 << 20 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.toString('utf8') };
}

/** Runs openssl and returns its stdout, throwing with its stderr when it fails. */
export function opensslOk(args: readonly string[], input?: Uint8Array): Buffer {
  const run = openssl(args, input);
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** A scratch directory for key, message and signature files; `cleanup()` removes it. */
export function scratchDir(): { path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'guomi-'));
  return { path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
