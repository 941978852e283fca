import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FeedCheckReport } from '@jiankang/shared';
import { serveFixtures, type FixtureServer } from '../support/fixture-server';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../..');
const SMART = join(__dirname, '../smart-scheduling-links');
const NOW = '2027-03-01T12:00:00+08:00';

/** Runs `npm run feed:check` as hospital IT would (through tsx), returning its exit code and output. */
async function feedCheck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'bff/src/tools/feed-check.ts'), ...args],
      { cwd: ROOT, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm run feed:check over real HTTP', () => {
  let clinic: FixtureServer;
  let hospital: FixtureServer;
  beforeAll(async () => {
    clinic = await serveFixtures(join(SMART, 'vaccine-clinic'), {
      '/$bulk-publish': { file: 'manifest.json' },
      '/data/locations.ndjson': { file: 'locations.ndjson', contentType: 'application/octet-stream' },
      '/data/schedules.ndjson': { file: 'schedules.ndjson', contentType: 'application/x-ndjson', crlf: true },
      '/data/slots-2027-W10.ndjson': {
        file: 'slots.ndjson',
        contentType: 'text/plain',
        noFinalNewline: true,
      },
    });
    // The faulty publisher: broken lines, unknown schedules, one file missing (404).
    const dir = join(SMART, 'huizhou-hospital');
    hospital = await serveFixtures(dir, {
      '/smart/$bulk-publish': { file: 'manifest.json', contentType: 'application/fhir+json' },
      '/smart/files/locations.ndjson': { file: 'locations.ndjson' },
      '/smart/files/schedules.ndjson': { file: 'schedules.ndjson' },
      '/smart/files/services.ndjson': { file: 'services.ndjson' },
      '/smart/files/slots-2027-03-02.ndjson': { file: 'slots-2027-03-02.ndjson' },
      '/smart/files/slots-2027-03-03.ndjson': { file: 'slots-2027-03-03.ndjson' },
      '/smart/files/slots-2027-03-04.ndjson': { file: 'slots-2027-03-04.ndjson' },
    });
  });
  afterAll(async () => {
    await clinic.close();
    await hospital.close();
  });

  it('when the feed is read whole, then it prints counts, time notes and three slots as a resident sees them, exit 0', async () => {
    // The clinic books only on its own portal: registered with bookingMode external.
    const out = await feedCheck([
      '--kind',
      'smart-scheduling-links',
      '--url',
      clinic.origin,
      '--now',
      NOW,
      '--booking-mode',
      'external',
    ]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('verdict: OK');
    expect(out.stdout).toMatch(/Slot\s+imported 4, past 1/);
    expect(out.stdout).toContain('As a resident sees them');
    expect(out.stdout).toContain('以医院公布为准');
    expect(out.stdout).toContain('去医院预约');
    expect(out.stdout.split('\n').filter((l) => /^ {2}2027-/.test(l))).toHaveLength(3);
  });

  it('when records and files are unreadable, then --json gives the reasons with sample ids and exit 1', async () => {
    const out = await feedCheck([
      '--kind',
      'smart-scheduling-links',
      '--url',
      `${hospital.origin}/smart`,
      '--now',
      NOW,
      '--json',
    ]);
    expect(out.code).toBe(1);
    const report = FeedCheckReport.parse(JSON.parse(out.stdout));
    expect(report.verdict).toBe('partial');
    expect(report.counts.skipped).toBeGreaterThan(0);
    expect(report.skippedSamples.length).toBeGreaterThan(0);
    expect(report.problems.some((p) => p.url.endsWith('slots-2027-03-05.ndjson'))).toBe(true);
    expect(report.counts.slotsImported).toBeGreaterThan(0);
    expect(report.samples).toHaveLength(3);
  });

  it('when nothing answers, then the report says unreadable and why, exit 2', async () => {
    const out = await feedCheck([
      '--kind',
      'fhir',
      '--url',
      `${clinic.origin}/no-such-fhir`,
      '--timeout-ms',
      '3000',
    ]);
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('verdict: UNREADABLE');
    expect(out.stdout).toContain('error:');
  });

  it.each([
    [['--kind', 'ftp', '--url', 'http://x'], '--kind'],
    [['--kind', 'fhir', '--url', 'file:///etc/passwd'], '--url'],
    [['--kind', 'fhir'], '--url'],
  ])('when the arguments are wrong (%j), then it names the argument and exits 2', async (args, named) => {
    const out = await feedCheck(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(named);
  });
});
