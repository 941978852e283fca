import { z } from 'zod';
import { IsoDateTime } from './common';
import { FeedCheckReport } from './feed-check';
import { FeedStatusItem } from './slots';

// Hospital IT's feed console (issue 13 item 7): its own sign-in, separate from residents.

const HospitalId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'expected a hospital id');

export const ConsoleSessionRequest = z
  .object({
    hospitalId: HospitalId.or(z.literal('*')).describe('The hospital, or * for the city operator'),
    key: z.string().min(1).max(200),
  })
  .strict();
export type ConsoleSessionRequest = z.infer<typeof ConsoleSessionRequest>;

export const ConsoleSessionResponse = z.object({
  token: z.string().describe('Bearer token for /console routes only (not a resident token)'),
  expiresIn: z.number().int().describe('Seconds'),
  hospitalId: z.string().describe('The signed-in hospital, or * for the operator'),
  hospitals: z.array(z.object({ id: z.string(), name: z.string() })).describe('What this session may see'),
});
export type ConsoleSessionResponse = z.infer<typeof ConsoleSessionResponse>;

export const ConsoleFeedCheckRequest = z
  .object({
    hospitalId: HospitalId.optional().describe('Required for the operator; a hospital checks its own'),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2_000)
      .optional()
      .describe('Default: the registered feed URL. Another URL must be on the registered host.'),
  })
  .strict();
export type ConsoleFeedCheckRequest = z.infer<typeof ConsoleFeedCheckRequest>;

export const ConsoleFeedCheckResponse = FeedCheckReport;

export const PushLogEntry = z.object({
  at: IsoDateTime,
  outcome: z.enum(['accepted', 'refused']),
  reason: z.string().nullable().describe('Why it was refused (the error code and message)'),
  events: z.number().int().min(0),
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  outdated: z.number().int().min(0),
  unknown: z.number().int().min(0),
});
export type PushLogEntry = z.infer<typeof PushLogEntry>;

export const SlotsPerDay = z.object({
  date: z.string(),
  slots: z.number().int().min(0),
  available: z.number().int().min(0).describe('Of them, still bookable'),
});
export type SlotsPerDay = z.infer<typeof SlotsPerDay>;

export const ConsoleFeedsResponse = z.object({ items: z.array(FeedStatusItem), asOf: IsoDateTime });
export type ConsoleFeedsResponse = z.infer<typeof ConsoleFeedsResponse>;

export const ConsoleFeedDetail = FeedStatusItem.extend({
  feedUrl: z.string().describe('The registered feed URL'),
  pushLog: z.array(PushLogEntry).describe('The latest pushes, newest first (at most 50)'),
  slotsPerDay: z.array(SlotsPerDay).describe('Stored slots for today and the next 13 days (Beijing)'),
  asOf: IsoDateTime,
});
export type ConsoleFeedDetail = z.infer<typeof ConsoleFeedDetail>;
