import mongoose from 'mongoose';
import { bookingModels, type BookingModels } from '../../bff/src/models/bookings';
import { Claims } from '../../bff/src/services/bookings/claims';
import { testMongoUri, uniqueDbName } from '../support/db';

/** The claim primitive on the database CI runs (FerretDB): batches, duplicates, resumed runs. */
let conn: mongoose.Connection;
let models: BookingModels;
let claims: Claims;

beforeAll(async () => {
  conn = await mongoose.createConnection(testMongoUri(), { dbName: uniqueDbName('jk_claims') }).asPromise();
  models = bookingModels(conn);
  await models.Claim.init();
  claims = new Claims(models);
});
afterAll(async () => {
  await conn?.dropDatabase();
  await conn?.close();
});

const owner = (bookingId: string) => ({ bookingId, slotId: 's1', patientId: 'p1' });
const holders = async (ids: string[]) =>
  Object.fromEntries(
    await Promise.all(
      ids.map(async (id) => [id, (await models.Claim.findById(id).lean().exec())?.bookingId ?? null]),
    ),
  );

describe('claims taken in order', () => {
  it('when none is held, then all are taken at once', async () => {
    expect(await claims.claimInOrder(['a#1', 'a#2', 'a#3'], owner('b1'))).toBe(3);
    expect(await holders(['a#1', 'a#2', 'a#3'])).toEqual({ 'a#1': 'b1', 'a#2': 'b1', 'a#3': 'b1' });
  });

  it('when the second is held by another booking, then only the first is taken and nothing after it', async () => {
    await claims.claim('b#2', owner('other'));
    expect(await claims.claimInOrder(['b#1', 'b#2', 'b#3'], owner('b2'))).toBe(1);
    expect(await holders(['b#1', 'b#2', 'b#3'])).toEqual({ 'b#1': 'b2', 'b#2': 'other', 'b#3': null });
  });

  it('when the first is held by another booking, then none is taken', async () => {
    await claims.claim('c#1', owner('other'));
    expect(await claims.claimInOrder(['c#1', 'c#2'], owner('b3'))).toBe(0);
    expect(await holders(['c#1', 'c#2'])).toEqual({ 'c#1': 'other', 'c#2': null });
  });

  it('when a run is resumed that held some already, then it holds them all again', async () => {
    expect(await claims.claimInOrder(['d#1', 'd#2'], owner('b4'))).toBe(2);
    expect(await claims.claimInOrder(['d#1', 'd#2', 'd#3'], owner('b4'))).toBe(3);
    expect(await holders(['d#1', 'd#2', 'd#3'])).toEqual({ 'd#1': 'b4', 'd#2': 'b4', 'd#3': 'b4' });
  });

  it('when 20 bookings batch for the same last id at once, then exactly one holds it', async () => {
    const got = await Promise.all(
      Array.from({ length: 20 }, (_, i) => claims.claimInOrder([`e#own${i}`, 'e#seat'], owner(`r${i}`))),
    );
    expect(got.filter((n) => n === 2)).toHaveLength(1);
    expect(got.filter((n) => n === 1)).toHaveLength(19);
  });
});
