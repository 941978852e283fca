import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { createLogger } from '../../lib/logger';
import { accountModels } from '../../models/accounts';
import { bookingModels } from '../../models/bookings';
import { connectDatabase } from '../../models/connection';
import { Cleanup } from './cleanup';
import { dayOf } from '../../models/time-buckets';

const DAY = 24 * 60 * 60_000;
let conn: Connection;

beforeAll(async () => {
  conn = await connectDatabase(
    process.env.MONGODB_URI as string,
    `jk_cleanup_${randomBytes(4).toString('hex')}`,
  );
});
afterAll(async () => {
  await conn?.dropDatabase();
  await conn?.close();
});

describe('Cleanup', () => {
  it('when records are past their expiry, then they are deleted and live ones are kept', async () => {
    const bookings = bookingModels(conn);
    const accounts = accountModels(conn);
    const now = new Date('2026-11-24T00:00:00Z');
    const past = new Date(now.getTime() - 1_000);
    const future = new Date(now.getTime() + DAY);
    const key = (id: string, expiresAt: Date) => ({
      _id: id,
      requestHash: 'h',
      bookingId: 'bk1',
      response: null,
      createdAt: now,
      expiresAt,
    });
    await bookings.Idempotency.create([key('a#old', past), key('a#live', future)]);
    const token = (id: string, expiresAt: Date) => ({
      _id: id,
      familyId: 'f',
      accountId: 'a',
      createdAt: now,
      expiresAt,
    });
    await accounts.RefreshToken.create([token('t-old', past), token('t-live', future)]);
    await accounts.AuthClaim.create([
      { _id: 'h1#used', at: now, expiresAt: past },
      { _id: 'f#revoked', at: now, expiresAt: future },
    ]);
    const claim = (id: string, claimedAt: Date, outcome: 'sent' | 'sending') => ({
      _id: id,
      bookingId: 'bk1',
      kind: 'reminder_hour',
      claimedAt,
      claimedDay: dayOf(claimedAt),
      outcome,
      msgid: null,
    });
    await bookings.SentMessage.create([
      claim('bk1#reminder_hour', new Date(now.getTime() - 100 * DAY), 'sent'),
      claim('bk2#reminder_hour', new Date(now.getTime() - 100 * DAY), 'sending'),
      claim('bk3#reminder_hour', new Date(now.getTime() - DAY), 'sent'),
    ]);

    const cleanup = new Cleanup({ bookings, accounts }, createLogger('silent'), { now: () => now });
    const [a, b] = await Promise.all([cleanup.runOnce(), cleanup.runOnce()]);
    expect(a).toBe(b);
    expect(a).toEqual({ idempotencyKeys: 1, refreshTokens: 1, authClaims: 1, sentMessages: 1 });
    expect((await bookings.Idempotency.find().lean()).map((d) => d._id)).toEqual(['a#live']);
    expect((await accounts.RefreshToken.find().lean()).map((d) => d._id)).toEqual(['t-live']);
    expect((await accounts.AuthClaim.find().lean()).map((d) => d._id)).toEqual(['f#revoked']);
    expect((await bookings.SentMessage.find().lean()).map((d) => d._id).sort()).toEqual([
      'bk2#reminder_hour',
      'bk3#reminder_hour',
    ]);
    expect(await cleanup.runOnce()).toEqual({
      idempotencyKeys: 0,
      refreshTokens: 0,
      authClaims: 0,
      sentMessages: 0,
    });
  });
});
