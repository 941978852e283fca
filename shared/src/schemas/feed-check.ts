import { z } from 'zod';
import { FeedKindSchema } from './slots';
import { IsoDateTime } from './common';

/** What `npm run feed:check` and POST /console/feed-check read and answer (issue 13 item 7). */
export const FeedCheckVerdictSchema = z.enum(['ok', 'partial', 'unreadable']);
export type FeedCheckVerdict = z.infer<typeof FeedCheckVerdictSchema>;

/** One slot as the resident would see it in the slot sheet. */
export const FeedCheckSampleSlot = z.object({
  id: z.string(),
  date: z.string().describe('Beijing date, YYYY-MM-DD'),
  time: z.string().describe('HH:mm–HH:mm, Beijing time'),
  department: z.string().describe('Department code, or 门诊服务 for a service-level schedule'),
  name: z.string().describe('The doctor, or the service when the schedule names none'),
  fee: z.string().describe('¥12.00, or 以医院公布为准 when the feed has no fee'),
  booking: z.string().describe('在线预约 or 去医院预约 (the hospital’s own link / phone)'),
  remaining: z.string().describe('余 N / 约满 / 停诊 / 未放号'),
});
export type FeedCheckSampleSlot = z.infer<typeof FeedCheckSampleSlot>;

export const FeedCheckReport = z.object({
  kind: FeedKindSchema,
  url: z.string(),
  checkedAt: IsoDateTime,
  verdict: FeedCheckVerdictSchema.describe(
    'ok: every record read; partial: some records or files could not be read; unreadable: nothing usable',
  ),
  error: z.string().nullable().describe('Why the feed could not be read at all (verdict unreadable)'),
  counts: z.object({
    locations: z.number().int().min(0).describe('Locations read (SMART Scheduling Links)'),
    schedules: z.number().int().min(0).describe('Schedules the imported slots belong to'),
    slotsImported: z.number().int().min(0),
    slotsPast: z.number().int().min(0).describe('Slots already over: dropped, not an error'),
    skipped: z.number().int().min(0).describe('Records that could not be read'),
    skippedByType: z
      .record(z.string(), z.number().int().min(0))
      .describe('The skip samples counted by the resource type they name'),
  }),
  skippedSamples: z.array(z.string()).describe('A few reasons, each naming the record'),
  problems: z
    .array(z.object({ url: z.string(), reason: z.string() }))
    .describe('Files that could not be had'),
  time: z.object({
    firstDate: z.string().nullable(),
    lastDate: z.string().nullable(),
    allDaySlots: z.number().int().min(0),
    longSlots: z.number().int().min(0).describe('Slots longer than 4 hours (spanning sessions)'),
    notes: z.array(z.string()),
  }),
  statuses: z.record(z.string(), z.number().int().min(0)).describe('Imported slots by status'),
  samples: z.array(FeedCheckSampleSlot).max(3),
});
export type FeedCheckReport = z.infer<typeof FeedCheckReport>;
