import { firstLine, listeningUrl } from '../support/child-output';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { startRegionalPlatform, type RegionalPlatformHandle } from '@jiankang/sim';
import { TEST_APP_ID, TEST_APP_SECRET } from '../support/stack';
import { dropDatabase, testMongoUri, uniqueDbName } from '../support/db';

const REPO = path.resolve(__dirname, '../..');
let regional: RegionalPlatformHandle;
const dbName = uniqueDbName();

beforeAll(async () => {
  regional = await startRegionalPlatform({ apps: { [TEST_APP_ID]: TEST_APP_SECRET } });
});
afterAll(async () => {
  await regional?.close();
  await dropDatabase(dbName);
});

/** Starts `bff/src/server.ts` as its own process and resolves with its URL from the structured log. */
function startServer(): Promise<{ child: ChildProcessWithoutNullStreams; url: string; logs: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/src/server.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'info',
      MONGODB_URI: testMongoUri(),
      MONGODB_DB: dbName,
      REGIONAL_BASE_URL: regional.url,
      REGIONAL_APP_ID: TEST_APP_ID,
      REGIONAL_APP_SECRET: TEST_APP_SECRET,
    },
  });
  const logs: string[] = [];
  return firstLine(child, logs, listeningUrl).then((url) => ({ child, url, logs }));
}

describe('the BFF process', () => {
  it('when SIGTERM arrives mid-request, then the request finishes, new ones are refused, and it exits 0', async () => {
    const { child, url, logs } = await startServer();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // A readiness probe waits on the (slowed) platform: an in-flight request when the signal lands.
    regional.setFaults({ latencyMs: 800 });
    const inFlight = fetch(`${url}/readyz`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'ready' });
    expect(await exited).toBe(0);
    regional.setFaults({ latencyMs: 0 });

    // Structured logs with request ids, and no secrets in them.
    const requestLines = logs.filter((l) => l.includes('"msg":"request"'));
    expect(requestLines.length).toBeGreaterThan(0);
    expect(requestLines.every((l) => /"reqId":"[^"]+"/.test(l))).toBe(true);
    expect(logs.join('\n')).not.toContain(TEST_APP_SECRET);
    expect(logs.join('\n')).toContain('shutting down');
  });
});
