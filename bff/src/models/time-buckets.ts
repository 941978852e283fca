import type { Schema } from 'mongoose';
import { addDays, beijingDate } from '@jiankang/shared/domain';

/**
 * Time sweeps by bucket. The embedded database (FerretDB on SQLite, with our patches) serves
 * equality and `$in` on an indexed field from the index, but not a range (docs/operations.md,
 * "Every query has an index"): `{expiresAt: {$lt: now}}` reads the whole collection. So a record
 * swept by time also carries the UTC day (or minute) of that time as an indexed string, a sweep
 * asks for the buckets of its window with `$in`, and the exact range is filtered on top. The same
 * query uses the bucket index on MongoDB.
 */
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);
export const minuteOf = (at: Date): string => at.toISOString().slice(0, 16);

function bucketsBetween(from: Date, to: Date, stepMs: number, label: (d: Date) => string): string[] {
  const out: string[] = [];
  const last = label(to);
  for (let t = Math.floor(from.getTime() / stepMs) * stepMs; ; t += stepMs) {
    const b = label(new Date(t));
    out.push(b);
    if (b >= last) return out;
  }
}

/** The UTC days from `from` to `to`, both included. */
export const daysBetween = (from: Date, to: Date) => bucketsBetween(from, to, DAY_MS, dayOf);
/** The UTC minutes from `from` to `to`, both included. */
export const minutesBetween = (from: Date, to: Date) => bucketsBetween(from, to, MINUTE_MS, minuteOf);

/** The Beijing calendar days (a booking's `date`) from `from` to `to`, both included. */
export function beijingDaysBetween(from: Date, to: Date): string[] {
  const out = [beijingDate(from)];
  const last = beijingDate(to);
  while (out[out.length - 1]! < last) out.push(addDays(out[out.length - 1]!, 1));
  return out;
}

/**
 * How far back an expiry sweep looks. A record that expired longer ago than this while no sweep
 * ran (the whole service down for two months) stays until removed by hand (docs/operations.md).
 */
export const EXPIRY_LOOK_BACK_DAYS = 60;

/**
 * Adds `expiresDay` (the UTC day of `expiresAt`, indexed) to a schema, set on every document the
 * model validates (create, insertMany). A write through the raw driver sets it itself.
 */
export function expiryBuckets(schema: Schema): void {
  schema.add({ expiresDay: { type: String, required: true } });
  schema.index({ expiresDay: 1 });
  schema.pre('validate', function (this: { expiresAt?: Date; expiresDay?: string }) {
    if (this.expiresAt instanceof Date) this.expiresDay = dayOf(this.expiresAt);
  });
}

/**
 * The records expired at `now`: every day bucket up to today (all of it expired but today's), with
 * the exact time checked on top.
 */
export function expiredAt(now: Date): { expiresDay: { $in: string[] }; expiresAt: { $lt: Date } } {
  return {
    expiresDay: { $in: daysBetween(new Date(now.getTime() - EXPIRY_LOOK_BACK_DAYS * DAY_MS), now) },
    expiresAt: { $lt: now },
  };
}
