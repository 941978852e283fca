import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

function cacheRoot(): string {
  return (
    process.env.JIANKANG_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'jiankang')
  );
}

export function ferretDbBinaryPath(): string {
  return process.env.FERRETDB_BIN ?? path.join(cacheRoot(), `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

export function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Builds FerretDB once into the cache. Not a plain `go install …@v1.24.2`: the module zip leaves
 * out build/version/version.txt, so such a binary panics at start ("Invalid build/version/
 * version.txt"), and `go install` also asks the proxy for the module's version list, which the
 * registry mirror here refuses. So: download the module, add version.txt, `go build`.
 */
export function buildFerretDb(log: (line: string) => void = () => {}): string {
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
    chmodSync(path.join(work, 'build', 'version'), 0o755);
    writeFileSync(path.join(work, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(path.dirname(target), { recursive: true });
    const tmpOut = `${target}.partial`;
    execFileSync('go', ['build', '-trimpath', '-o', tmpOut, './cmd/ferretdb'], {
      cwd: work,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false', CGO_ENABLED: '0' },
    });
    execFileSync('mv', [tmpOut, target]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}

// `tsx bff/src/dev/ferretdb-binary.ts` builds it (used by .ci/run) and prints the path.
if (require.main === module) {
  process.stdout.write(`${buildFerretDb((l) => process.stderr.write(`${l}\n`))}\n`);
}
