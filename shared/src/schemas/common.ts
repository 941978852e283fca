import { z } from 'zod';
import { ERROR_CODE_LIST } from '../domain/errors';

/** ISO 8601 instant with an explicit offset ("Z" or "+08:00"). */
export const IsoDateTime = z.iso.datetime({ offset: true });

export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODE_LIST),
      message: z.string(),
      requestId: z.string(),
      field: z.string().optional().describe('The first invalid parameter or body field, dotted.'),
      details: z
        .array(z.object({ field: z.string(), message: z.string() }))
        .optional()
        .describe('Every invalid field, for forms that mark several at once.'),
    }),
  })
  .describe('The body of every non-2xx answer.');
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** Query-string integer: "20" -> 20; "abc", "-1", "1.5", "1e9" out of range -> invalid. */
export function intParam(min: number, max: number, fallback: number) {
  return z.coerce.number().int().min(min).max(max).default(fallback);
}

export const PageInfo = z.object({
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  total: z.number().int().min(0),
});

export const HealthResponse = z.object({
  status: z.literal('ok'),
  uptimeSeconds: z.number(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

const Check = z.object({
  ok: z.boolean(),
  latencyMs: z.number().optional(),
  reason: z.string().optional(),
});

export const ReadinessResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    database: Check,
    regionalPlatform: Check,
  }),
  directory: z.object({
    asOf: IsoDateTime.nullable(),
    ageSeconds: z.number().int().nullable(),
    stale: z.boolean(),
  }),
});
export type ReadinessResponse = z.infer<typeof ReadinessResponse>;
