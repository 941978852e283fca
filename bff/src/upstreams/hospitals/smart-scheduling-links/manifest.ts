import { z } from 'zod';

/** The `$bulk-publish` manifest of SMART Scheduling Links. */
export const Manifest = z.object({
  transactionTime: z.string(),
  request: z.string().optional(),
  output: z.array(z.object({ type: z.string(), url: z.string() })),
  error: z.array(z.unknown()).default([]),
});
export type Manifest = z.infer<typeof Manifest>;

// The Location, Schedule and Slot lines are FHIR resources: see ../fhir/schemas.ts.
