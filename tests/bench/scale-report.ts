import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ferretDbBinaryPath } from '../../bff/src/dev/ferretdb-binary';
import { measureScale, type ScaleFigures } from './scale-bench';
import { MEASURED_PERIODS } from './scale-residents';

/**
 * The scale scenario's section of docs/BENCHMARKS.md, and writing it alone into the existing file
 * (`BENCH_ONLY=scale`), so a quick rerun after a database change replaces only its own figures.
 */

export const SCALE_HEADING = '## Cost as data grows';
const AIM = 1.5;

const ms = (x: number) => (x >= 100 ? String(Math.round(x)) : x.toFixed(1));
const count = (x: number) => x.toLocaleString('en-US');
const secs = (x: number) => `${(x / 1000).toFixed(1)} s`;

export function scaleTable(f: ScaleFigures): string {
  const [small, large] = f.sizes;
  const rows = f.paths.map(({ name }) => {
    const a = small.paths[name]!;
    const b = large.paths[name]!;
    const ratio = b.p50 / a.p50;
    return (
      `| ${name} | ${ms(a.p50)} | ${ms(b.p50)} | ${ratio.toFixed(2)} ${ratio <= AIM ? 'met' : '**not met**'} | ` +
      `${ms(a.p99)} | ${ms(b.p99)} | ${a.n} / ${b.n}${b.capped ? ' (budget)' : ''} |`
    );
  });
  return [
    `| path | p50 ms @${count(small.people)} | p50 ms @${count(large.people)} | ratio (aim ≤ ${AIM}) | p99 ms @${count(small.people)} | p99 ms @${count(large.people)} | requests |`,
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function scaleSection(f: ScaleFigures, meta: { date: string; commit: string; db: string }): string {
  const [small, large] = f.sizes;
  const s = f.settings;
  const countRows = Object.keys(large.counts)
    .map((c) => `| ${c} | ${count(small.counts[c] ?? 0)} | ${count(large.counts[c] ?? 0)} |`)
    .join('\n');
  const seedRow = (x: typeof small) =>
    `${count(x.people)} residents, ${count(x.logs)} log entries each: seeding ${secs(x.seed.ms)} ` +
    `(${count(Object.values(x.seed.inserted).reduce((a, b) => a + b, 0))} documents), slots: full sync ` +
    `${secs(x.slots.syncMs)} + second week ${secs(x.slots.copyMs)}, measured people through the API ${secs(x.setupMs)}`;
  return `${SCALE_HEADING}

Command: \`npm run bench\`, or this scenario alone: \`BENCH_ONLY=scale npm run bench\` (tests/bench/scale-bench.ts,
city-seed.ts). Date: ${meta.date}. Commit: ${meta.commit}. Database: ${meta.db === 'ferretdb' ? `ferretdb (${ferretDbBinaryPath()})` : meta.db}. Sizes: BENCH_SCALE_SMALL=${s.small},
BENCH_SCALE_LARGE=${s.large}, BENCH_SCALE_LOGS=${s.logs}; BENCH_SCALE_REQUESTS=${s.requests}, BENCH_SCALE_WARMUP=${s.warmup},
BENCH_SCALE_PATH_MS=${s.budgetMs}.

The same measured resident (3 就诊人, a card, the 共享调阅 consent, ${MEASURED_PERIODS} bookings, made through the API on the
empty database) on two cities, each its own database on the same server: ${count(small.people)} and
${count(large.people)} other residents (account, privacy consent, one 本人 patient with its claims, a card with its
claims, one past booking each), ${count(small.logs)} and ${count(large.logs)} scan-log entries (hash chains per
card, as the clinic verifier appends them) and as many report access-log entries, and two weeks of slots for
all ${f.hospitals} hospitals (the simulators' 8-day window synced, the second week its copy). Personal data is
sealed and hashed as the services do it. Each path: ${s.warmup} warm-up requests, then up to ${s.requests} sequential
requests over HTTP (one at a time, so p50 is a request's own cost), stopped once ${secs(s.budgetMs)} have passed (warm-up
within a quarter of that; at least one of each). Booking: a new booking of a free period by a booker account (one per request, made beforehand), 201
confirmed by the hospital simulator. Clinic verify: a fresh code each, fetched untimed.

${scaleTable(f)}

| collection | @${count(small.people)} | @${count(large.people)} |
|---|---|---|
${countRows}

- ${seedRow(small)}.
- ${seedRow(large)}.
- Paths: ${f.paths.map((p) => `**${p.name}** \`${p.request}\``).join('; ')}.
- A ratio above the aim means the path reads a collection that grows with the city without an index serving
  the read (issue 14: FerretDB 1.24 as released scans for every filter but a lone \`_id\`, which misses its
  index on SQLite too).
`;
}

/** Replaces the scale section of the doc (or appends it), leaving every other section as it was. */
export function writeScaleSection(docPath: string, section: string): void {
  const old = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
  const at = old.indexOf(`\n${SCALE_HEADING}`);
  if (at < 0) return writeFileSync(docPath, `${old.trimEnd()}\n\n${section}`);
  const next = old.indexOf('\n## ', at + 1);
  const after = next < 0 ? '' : old.slice(next);
  writeFileSync(docPath, `${old.slice(0, at)}\n${section}${after}`);
}

/** `BENCH_ONLY=scale`: this scenario alone, its section written into the existing doc. */
export async function runScaleOnly(root: string, mongoUri: string, db: string): Promise<void> {
  const figures = await measureScale({ mongoUri });
  const section = scaleSection(figures, { date: new Date().toISOString(), commit: commitOf(root), db });
  writeScaleSection(path.join(root, 'docs', 'BENCHMARKS.md'), section);
  process.stdout.write(`\n${section}`);
}

function commitOf(root: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
