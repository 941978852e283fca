import { z } from 'zod';
import { IsoDateTime } from './common';

/** Ids from a hospital end up inside our own keys (`hospitalId#eventId`), so only plain characters. */
const SourceKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'expected letters, digits and . _ : -');

/** The slot as the hospital's feed sees it after the change: its own status words, not ours. */
export const PushedSlot = z
  .object({
    start: IsoDateTime,
    end: IsoDateTime,
    capacity: z.number().int().min(0).max(10_000),
    remaining: z.number().int().min(0).max(10_000),
    status: z.enum(['free', 'full', 'cancelled']),
  })
  .refine((s) => s.remaining <= s.capacity, { message: 'must not exceed capacity', path: ['remaining'] });
export type PushedSlot = z.infer<typeof PushedSlot>;

/** One change of one slot, as a hospital pushes it (docs/upstreams/slot-push.md). */
export const SlotEvent = z.object({
  eventId: SourceKey.describe('Idempotency key: an event id is applied once'),
  type: z.enum(['slot.updated', 'session.cancelled']),
  hospitalId: z.string().min(1).max(40),
  sourceSlotId: SourceKey.describe('The feed’s own slot id (FHIR Slot.id, HIS HYID)'),
  version: z
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .describe('Grows by one on each change of the slot; the highest wins'),
  occurredAt: IsoDateTime,
  slot: PushedSlot,
});
export type SlotEvent = z.infer<typeof SlotEvent>;

/** Most events one POST may carry (a 停诊 of a whole session is one POST). */
export const MAX_EVENTS_PER_PUSH = 1_000;

export const SlotEventBatch = z.object({
  events: z.array(SlotEvent).min(1).max(MAX_EVENTS_PER_PUSH),
});
export type SlotEventBatch = z.infer<typeof SlotEventBatch>;

const count = z.number().int().min(0);

export const SlotEventsResponse = z
  .object({
    accepted: count.describe('Events applied now'),
    duplicates: count.describe('Event ids seen before: already applied, nothing done'),
    outdated: count.describe('Not newer than the stored version of the slot: nothing changed'),
    unknown: count.describe('Slots we do not hold yet: the next poll brings them in'),
  })
  .describe('Answer to a slot-event push; every event is counted in exactly one field.');
export type SlotEventsResponse = z.infer<typeof SlotEventsResponse>;
