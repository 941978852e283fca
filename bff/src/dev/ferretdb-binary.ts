import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

/**
 * Our patches to FerretDB's SQLite backend (docs/operations.md, "The embedded database"): without
 * them every read, update and delete scans the whole collection. Applied in name order.
 */
export const PATCH_DIR = path.join(__dirname, 'ferretdb-patches');

export function ferretDbPatches(): string[] {
  return readdirSync(PATCH_DIR)
    .filter((f) => f.endsWith('.patch'))
    .sort()
    .map((f) => path.join(PATCH_DIR, f));
}

/** Names the build after the patch set, so a changed patch builds a new binary. */
function patchSetId(): string {
  const hash = createHash('sha256');
  for (const file of ferretDbPatches()) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 10);
}

function cacheRoot(): string {
  return (
    process.env.JIANKANG_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'jiankang')
  );
}

export function ferretDbBinaryPath(): string {
  return (
    process.env.FERRETDB_BIN ??
    path.join(cacheRoot(), `ferretdb-${FERRETDB_VERSION}-jk-${patchSetId()}`, 'ferretdb')
  );
}

export function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Builds FerretDB once into the cache. Not a plain `go install …@v1.24.2`: the module zip leaves
 * out build/version/version.txt, so such a binary panics at start ("Invalid build/version/
 * version.txt"), and `go install` also asks the proxy for the module's version list, which the
 * registry mirror here refuses. So: download the module, add version.txt, apply our patches,
 * `go build`. With `test: true` (CI) the patched backend's Go tests run first, so a patch that no
 * longer does what it says stops the build.
 */
export function buildFerretDb(log: (line: string) => void = () => {}, opts: { test?: boolean } = {}): string {
  const target = ferretDbBinaryPath();
  if (existsSync(target)) return target;
  if (!hasGo()) throw new Error('Go is not installed, so FerretDB cannot be built');
  log(`building FerretDB ${FERRETDB_VERSION} into ${path.dirname(target)} (once; about a minute)`);
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], { encoding: 'utf8' }),
  ) as { Dir: string };
  const work = mkdtempSync(path.join(os.tmpdir(), 'ferretdb-src-'));
  try {
    cpSync(info.Dir, work, { recursive: true });
    // The module cache is read-only; the copy must be writable to add version.txt and patch it.
    execFileSync('chmod', ['-R', 'u+w', work]);
    writeFileSync(path.join(work, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    for (const patch of ferretDbPatches()) {
      log(`applying ${path.basename(patch)}`);
      // git apply works outside a repository too, and refuses a patch that does not apply cleanly.
      execFileSync('git', ['apply', '--whitespace=nowarn', patch], { cwd: work, stdio: 'inherit' });
    }
    const env = { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false', CGO_ENABLED: '0' };
    if (opts.test) {
      log('testing the patched SQLite backend');
      // FerretDB's testutil finds the module root by its .git directory.
      execFileSync('git', ['init', '-q'], { cwd: work });
      execFileSync('go', ['test', '-count=1', './internal/backends/sqlite/...'], {
        cwd: work,
        stdio: ['ignore', 2, 2], // stdout is the binary's path for .ci/run
        env,
      });
    }
    mkdirSync(path.dirname(target), { recursive: true });
    const tmpOut = `${target}.partial`;
    execFileSync('go', ['build', '-trimpath', '-o', tmpOut, './cmd/ferretdb'], {
      cwd: work,
      stdio: ['ignore', 'inherit', 'inherit'],
      env,
    });
    execFileSync('mv', [tmpOut, target]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}

// `tsx bff/src/dev/ferretdb-binary.ts [--test]` builds it (.ci/run passes --test) and prints the path.
if (require.main === module) {
  const test = process.argv.includes('--test');
  process.stdout.write(`${buildFerretDb((l) => process.stderr.write(`${l}\n`), { test })}\n`);
}
