import mongoose from 'mongoose';
import { Leases } from '../../bff/src/lib/lease';
import { leaseModels, type LeaseModels } from '../../bff/src/models/leases';
import { dropDatabase, testMongoUri, uniqueDbName } from '../support/db';

/** Leases on the real database, two replicas on one clock the test moves. */

const PERIOD = 10_000;
const dbName = uniqueDbName('jk_leases');
let conn: mongoose.Connection;
let models: LeaseModels;
const clock = { ms: 1_800_000_000_000 };

beforeAll(async () => {
  conn = await mongoose.createConnection(testMongoUri(), { dbName }).asPromise();
  models = leaseModels(conn);
  await models.JobLease.init();
});
afterAll(async () => {
  await conn?.close();
  await dropDatabase(dbName);
});

const replica = (owner: string) => new Leases(models, { periodMs: PERIOD, owner, now: () => clock.ms });

it('of replicas asking at once exactly one holds a period, and it keeps it for the whole period', async () => {
  const [a, b, c] = [replica('a'), replica('b'), replica('c')];
  const answers = await Promise.all([a, b, c, a, b, c].map((r) => r.holds('reconciler')));
  expect(answers.filter(Boolean)).toHaveLength(2); // the winner, asked twice
  const winner = await a.holder('reconciler');
  expect(['a', 'b', 'c']).toContain(winner);
  clock.ms += PERIOD - 1;
  for (const r of [a, b, c]) expect(await r.holds('reconciler')).toBe(r.owner === winner);
});

it('a holder that stops asking (killed) loses the job at the next period; each job is its own lease', async () => {
  const [a, b] = [replica('a2'), replica('b2')];
  expect(await a.holds('cleanup')).toBe(true);
  expect(await b.holds('cleanup')).toBe(false);
  expect(await b.holds('reminders')).toBe(true);
  clock.ms += PERIOD;
  expect(await b.holds('cleanup')).toBe(true); // a is gone
  expect(await a.holds('cleanup')).toBe(false);
});

it('keeps two rows per job: the holder of a period deletes the period before last', async () => {
  const a = replica('a3');
  for (let i = 0; i < 5; i += 1) {
    expect(await a.holds('visit-outcomes')).toBe(true);
    clock.ms += PERIOD;
  }
  const rows = await models.JobLease.collection
    .find({ _id: { $regex: '^visit-outcomes#' } } as never)
    .toArray();
  expect(rows.length).toBeLessThanOrEqual(2);
});
