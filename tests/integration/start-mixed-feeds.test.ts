import { firstLine } from '../support/child-output';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FeedStatusItem, FeedStatusResponse } from '@jiankang/shared';
import { serveFixtures, type FixtureServer } from '../conformance/support/fixture-server';
import { dropDatabase, testMongoUri, uniqueDbName } from '../support/db';
import { freePort } from '../support/feeds';
import { getJson } from '../support/http';

/**
 * `npm start` with a registry that mixes a simulated hospital and a real endpoint (here a
 * hand-written SMART Scheduling Links publisher on a static file server): the real one is polled
 * at its URL as it is, no simulator is started for it, and the simulated one is served as usual.
 */

jest.setTimeout(180_000);

const REPO = path.resolve(__dirname, '../..');
const VACCINE = path.join(REPO, 'tests/conformance/smart-scheduling-links/vaccine-clinic');
const dbName = uniqueDbName();
let host: FixtureServer;
let child: ChildProcessWithoutNullStreams | undefined;
const output: string[] = [];

/** Resolves with the BFF's base URL once the start banner names it. */
function startStack(registryFile: string): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGODB_URI: testMongoUri(),
    MONGODB_DB: dbName,
    HOSPITALS_FILE: registryFile,
    PORT: '0',
    REGIONAL_SIM_PORT: '0',
    WECHAT_SIM_PORT: '0',
    JK_SKIP_H5: '1',
    LOG_LEVEL: 'warn',
  };
  for (const key of ['REGIONAL_BASE_URL', 'WECHAT_BASE_URL', 'NODE_ENV']) delete env[key];
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bff/src/dev/start-stack.ts'], { cwd: REPO, env });
  child = proc;
  return firstLine(proc, output, (line) => /^\s+API\s+(http:\/\/\S+)\/api\/v1\/hospitals/.exec(line)?.[1]);
}

async function feedStatus(baseUrl: string, id: string): Promise<FeedStatusItem> {
  // The first polls run at start; wide margin for a busy machine.
  const until = Date.now() + 90_000;
  for (;;) {
    const res = await getJson<FeedStatusResponse>(`${baseUrl}/api/v1/feeds/status`);
    const item = res.body.items?.find((i) => i.hospitalId === id);
    if (item?.lastSuccessAt) return item;
    if (Date.now() > until) throw new Error(`no successful poll of ${id}: ${JSON.stringify(item)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

let baseUrl: string;
let simPort: number;

beforeAll(async () => {
  host = await serveFixtures(VACCINE, {
    '/$bulk-publish': { file: 'manifest.json', contentType: 'application/json' },
    '/data/locations.ndjson': { file: 'locations.ndjson', contentType: 'application/fhir+ndjson' },
    '/data/schedules.ndjson': { file: 'schedules.ndjson', contentType: 'application/fhir+ndjson' },
    '/data/slots-2027-W10.ndjson': { file: 'slots.ndjson', contentType: 'application/fhir+ndjson' },
  });
  simPort = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'jk-mixed-'));
  const registry = path.join(dir, 'hospitals.json');
  writeFileSync(
    registry,
    JSON.stringify({
      hospitals: [
        { id: 'hzszxrmyy', adapter: 'fhir', baseUrl: `http://127.0.0.1:${simPort}/fhir` },
        {
          id: 'hzsdyrmyy',
          adapter: 'smart-scheduling-links',
          baseUrl: host.origin,
          simulator: 'none',
          bookingMode: 'external',
        },
      ],
    }),
  );
  baseUrl = await startStack(registry);
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await host?.close();
  await dropDatabase(dbName);
});

describe('npm start with a real endpoint beside the simulators', () => {
  it('says which feed is simulated and which is polled as it is', () => {
    const banner = output.join('\n');
    expect(banner).toMatch(
      /hospital feed hzszxrmyy \(fhir, simulated standard\) http:\/\/127\.0\.0\.1:\d+\/fhir/,
    );
    expect(banner).toContain(
      `hospital feed hzsdyrmyy (smart-scheduling-links) ${host.origin}: a real endpoint`,
    );
  });

  it('polls the real endpoint at its URL and imports what it publishes; nothing is simulated for it', async () => {
    const real = await feedStatus(baseUrl, 'hzsdyrmyy');
    // The publisher's five slots: stored, or counted as over when they have passed.
    expect(real).toMatchObject({ status: 'ok', skippedCount: 0, problems: [] });
    expect(real.slotCount + real.pastCount).toBe(5);
    expect(host.requests.some((r) => r.startsWith('/$bulk-publish'))).toBe(true);
    expect(host.requests.some((r) => r.startsWith('/data/slots-2027-W10.ndjson'))).toBe(true);
  });

  it('serves the simulated hospital on the registry’s port as usual', async () => {
    const sim = await feedStatus(baseUrl, 'hzszxrmyy');
    expect(sim).toMatchObject({ status: 'ok', skippedCount: 0 });
    expect(sim.slotCount).toBeGreaterThan(0);
    const metadata = await fetch(`http://127.0.0.1:${simPort}/fhir/metadata`);
    expect(metadata.status).toBe(200);
  });
});
