import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { ScanListResponse } from '@jiankang/shared';
import { scanLogModels } from '../../bff/src/models/scan-log';
import { ScanLog } from '../../bff/src/services/health-card/scan-log';
import { checkScanLog } from '../../bff/src/services/health-card/scan-log-check';
import { loginWithConsent, type LoggedIn } from '../support/auth';
import { testMongoUri } from '../support/db';
import {
  callAs,
  cardStackOptions,
  dynamicCode,
  patientWithCard,
  terminal,
  TestClock,
} from '../support/health-card';
import { expectEnvelope } from '../support/http';
import { startStack, type Stack } from '../support/stack';

const REPO = path.resolve(__dirname, '../..');
const PER_TERMINAL = 8;

let stack: Stack;
let db: mongoose.Connection;
const clock = new TestClock();
let alice: LoggedIn;
let patientId: string;
let cardRef: string;

beforeAll(async () => {
  stack = await startStack(cardStackOptions(clock, { clinic: { perTerminalPerMinute: PER_TERMINAL } }));
  db = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
  alice = await loginWithConsent(stack);
  patientId = (await patientWithCard(stack, alice)).id;
  const claim = await db.collection('health_card_claims').findOne({ _id: `patient#${patientId}` as never });
  cardRef = claim?.cardRef as string;
});
afterAll(async () => {
  await db?.close();
  await stack?.close();
});
afterEach(() => clock.reset());

let terminalSeq = 0;
/** A terminal of its own per use, so the per-terminal rate limit only bites where a test wants it. */
const window = (hospital: 'hzszxrmyy' | 'hzsdyrmyy' = 'hzszxrmyy') =>
  terminal(stack, clock, hospital, `t-${(terminalSeq += 1)}`);
const scans = async () =>
  ScanListResponse.parse(
    (await callAs(stack, alice, 'GET', `/patients/${patientId}/health-card/scans`)).body,
  );
const entries = (chainId: string) => db.collection('scan_log').find({ chainId }).sort({ seq: 1 }).toArray();

function verifyCommand() {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bff/src/tools/verify-scan-log.ts'], {
    cwd: REPO,
    env: { ...process.env, MONGODB_URI: testMongoUri(), MONGODB_DB: stack.dbName, NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the scan log', () => {
  it('when codes are scanned, then the resident sees each scan, newest first, and never the code', async () => {
    const first = window();
    const code = (await dynamicCode(stack, alice, patientId)).code;
    expect((await first.verify({ code, scene: 'registration' })).status).toBe(200);
    const second = window('hzsdyrmyy');
    expect((await second.verify({ code, scene: 'triage' })).status).toBe(409);
    const late = (await dynamicCode(stack, alice, patientId)).code;
    clock.advance(10 * 60_000);
    expect((await first.verify({ code: late, scene: 'payment' })).status).toBe(422);

    const list = await scans();
    expect(list.items.slice(0, 3)).toEqual([
      expect.objectContaining({
        hospitalId: 'hzszxrmyy',
        terminalId: first.terminalId,
        scene: 'payment',
        sceneName: '缴费',
        result: 'CODE_EXPIRED',
      }),
      expect.objectContaining({
        hospitalId: 'hzsdyrmyy',
        terminalId: second.terminalId,
        scene: 'triage',
        result: 'CODE_REPLAYED',
      }),
      expect.objectContaining({
        hospitalId: 'hzszxrmyy',
        hospitalName: expect.stringContaining('医院'),
        scene: 'registration',
        sceneName: '挂号',
        codeKind: 'dynamic',
        result: 'ok',
      }),
    ]);
    const text = JSON.stringify(list);
    expect(text).not.toContain(code);
    expect(text).not.toContain(late);
  });

  it('when a code names no card we can trust, then the scan goes to the hospital’s chain, not a card’s', async () => {
    const t = window('hzsdyrmyy');
    const before = (await scans()).items.length;
    expectEnvelope(await t.verify({ code: 'JK1.garbage' }), 400, 'CODE_MALFORMED');
    expect((await scans()).items).toHaveLength(before);
    const hospital = await entries('hospital:hzsdyrmyy');
    expect(hospital.at(-1)).toMatchObject({ terminalId: t.terminalId, result: 'CODE_MALFORMED' });
  });

  it('when many scans of one card arrive at once, then its chain has every one, in order, unbroken', async () => {
    const before = (await entries(`card:${cardRef}`)).length;
    const codes = await Promise.all(Array.from({ length: 12 }, () => dynamicCode(stack, alice, patientId)));
    const answers = await Promise.all(codes.map(({ code }) => window().verify({ code })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const chain = await entries(`card:${cardRef}`);
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: before + 12 }, (_, i) => i + 1));
    expect(await checkScanLog(scanLogModels(db))).toMatchObject({ broken: null });
  });

  it('when two replicas append to one chain at once, then the inserts decide and the chain stays unbroken', async () => {
    const models = scanLogModels(db);
    const replicas = [new ScanLog(models), new ScanLog(models)];
    const chainId = 'card:two-replicas';
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        replicas[i % 2]!.append(chainId, {
          at: new Date(),
          hospitalId: 'hzszxrmyy',
          terminalId: `r-${i}`,
          scene: 'general',
          codeKind: 'dynamic',
          result: 'ok',
        }),
      ),
    );
    expect((await entries(chainId)).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await db.collection('scan_heads').findOne({ _id: chainId as never })).toMatchObject({ seq: 20 });
    expect(await checkScanLog(models)).toMatchObject({ broken: null });
  });

  it('when a terminal scans over its rate, then it is 429 with Retry-After and nothing is logged', async () => {
    const t = window();
    for (let i = 0; i < PER_TERMINAL; i += 1) await t.verify({ code: 'JK1.x' });
    const logged = (await entries('hospital:hzszxrmyy')).length;
    const limited = await t.verify({ code: 'JK1.x' });
    expectEnvelope(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await entries('hospital:hzszxrmyy')).toHaveLength(logged);
    expect((await window().verify({ code: 'JK1.x' })).status).toBe(400);
  });

  it('when the cleanup runs past their expiry, then used codes and nonces are deleted', async () => {
    const code = (await dynamicCode(stack, alice, patientId)).code;
    expect((await window().verify({ code })).status).toBe(200);
    expect(await db.collection('health_card_used_codes').countDocuments()).toBeGreaterThan(0);
    const report = await stack.runtime.healthCardCleanup.runOnce(new Date(Date.now() + 24 * 60 * 60_000));
    expect(report.usedCodes).toBeGreaterThan(0);
    expect(report.clinicNonces).toBeGreaterThan(0);
    expect(await db.collection('health_card_used_codes').countDocuments()).toBe(0);
  });
});

describe('npm run scanlog:verify', () => {
  it('is the root script that runs the checker', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['scanlog:verify']).toBe('tsx bff/src/tools/verify-scan-log.ts');
  });

  it('when every chain holds, then it says so and exits 0', () => {
    const run = verifyCommand();
    expect(run.stdout).toMatch(/^scan log intact: \d+ chains, \d+ entries$/m);
    expect(run.status).toBe(0);
  });

  it('when one entry is changed in the database, then it exits 1 naming that entry', async () => {
    const chain = await entries(`card:${cardRef}`);
    const victim = chain.find((e) => e.result === 'CODE_EXPIRED') ?? chain[1]!;
    await db.collection('scan_log').updateOne({ _id: victim._id }, { $set: { result: 'ok' } });
    const run = verifyCommand();
    expect(run.status).toBe(1);
    expect(run.stdout.trim()).toBe(
      `scan log BROKEN at ${String(victim._id)}: its content does not match its hash`,
    );
  });

  it('when the newest entries of a chain are deleted, then the head hint gives it away', async () => {
    const chain = await entries('hospital:hzsdyrmyy');
    const last = chain.at(-1)!;
    await db.collection('scan_log').deleteOne({ _id: last._id });
    const report = await checkScanLog(scanLogModels(db));
    // The card chain was broken above and is found first; the hospital chain's loss is found too.
    expect(report.broken?.id).toMatch(/^card:/);
    const hospitalOnly = await checkScanLogOf(db, 'hospital:hzsdyrmyy');
    expect(hospitalOnly).toEqual({ id: String(last._id), reason: expect.stringContaining('missing') });
  });
});

/** The checker over one chain only, on a scratch copy: the other chains here are broken on purpose. */
async function checkScanLogOf(conn: mongoose.Connection, chainId: string) {
  const scratch = conn.useDb(`${stack.dbName}_one`);
  try {
    const models = scanLogModels(scratch);
    await models.Entry.insertMany(await conn.collection('scan_log').find({ chainId }).toArray());
    await models.Head.insertMany(
      await conn
        .collection('scan_heads')
        .find({ _id: chainId as never })
        .toArray(),
    );
    return (await checkScanLog(models)).broken;
  } finally {
    await scratch.dropDatabase();
  }
}
