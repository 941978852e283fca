import { z } from 'zod';

/** The `$bulk-publish` manifest of SMART Scheduling Links (the bulk-data publish manifest). */
export const Manifest = z.object({
  transactionTime: z.string(),
  request: z.string().optional(),
  output: z.array(z.object({ type: z.string(), url: z.string() })),
  error: z
    .array(z.object({ type: z.string().optional(), url: z.string().optional() }).passthrough())
    .default([]),
});
export type Manifest = z.infer<typeof Manifest>;

/** Output types the feed reads; others the spec's 2025 edition allows are known and not needed. */
export const READ_TYPES = ['Location', 'Schedule', 'Slot'] as const;
export const KNOWN_UNREAD_TYPES = new Set([
  'HealthcareService',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Endpoint',
]);

// The Location, Schedule and Slot lines are FHIR resources: see ../fhir/slot-schemas.ts.
