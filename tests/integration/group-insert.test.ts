import mongoose from 'mongoose';
import { groupedCreate } from '../../bff/src/lib/group-insert';
import { isDuplicateKey, pushModels, type PushModels } from '../../bff/src/models/push';
import { dropDatabase, testMongoUri, uniqueDbName } from '../support/db';

/** Group commit on the real database: per-document answers, as single creates would give. */

const dbName = uniqueDbName('jk_group');
let conn: mongoose.Connection;
let models: PushModels;

beforeAll(async () => {
  conn = await mongoose.createConnection(testMongoUri(), { dbName }).asPromise();
  models = pushModels(conn);
  await models.PushNonce.init();
});
afterAll(async () => {
  await conn?.close();
  await dropDatabase(dbName);
});

it('of 200 concurrent creates with 50 ids taken twice and 10 taken before, each answers for itself', async () => {
  const create = groupedCreate(models.PushNonce);
  const expiresAt = new Date(Date.now() + 60_000);
  await models.PushNonce.create(Array.from({ length: 10 }, (_, i) => ({ _id: `before-${i}`, expiresAt })));
  const ids = [
    ...Array.from({ length: 140 }, (_, i) => `n-${i}`),
    ...Array.from({ length: 50 }, (_, i) => `n-${i}`), // the second try of the first 50
    ...Array.from({ length: 10 }, (_, i) => `before-${i}`),
  ];
  const results = await Promise.allSettled(ids.map((_id) => create({ _id, expiresAt })));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ id: ids[i], err: r.reason }] : []));
  expect(failed).toHaveLength(60);
  for (const f of failed) expect(isDuplicateKey(f.err)).toBe(true);
  // Of each id tried twice exactly one won; the ids taken before stayed as they were.
  expect(await models.PushNonce.collection.countDocuments()).toBe(150);
  // Validated as create() does: the expiry bucket the cleanup reads is there.
  const doc = await models.PushNonce.collection.findOne({ _id: 'n-7' } as never);
  expect(doc).toMatchObject({ expiresDay: expect.any(String) });
});

it('refuses a document create() would refuse, alone', async () => {
  const create = groupedCreate(models.PushNonce);
  const [bad, good] = await Promise.allSettled([
    create({ _id: 'no-expiry' } as never),
    create({ _id: 'fine', expiresAt: new Date() }),
  ]);
  expect(bad.status).toBe('rejected');
  expect(good.status).toBe('fulfilled');
});
