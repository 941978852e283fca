import { z } from 'zod';

/**
 * FHIR R4 shapes the slot feeds use (also the resources inside SMART Scheduling Links NDJSON).
 * Only the fields we read; unknown fields are ignored so a server upgrade does not break the sync.
 */
export const Coding = z.object({ system: z.string().optional(), code: z.string().optional() });
export const CodeableConcept = z.object({ coding: z.array(Coding).default([]) });

export const Extension = z.object({
  url: z.string(),
  valueInteger: z.number().int().optional(),
  valueCode: z.string().optional(),
  valueString: z.string().optional(),
  valueDateTime: z.string().optional(),
  valueUrl: z.string().optional(),
  valueMoney: z.object({ value: z.number(), currency: z.string().optional() }).optional(),
  valueReference: z.object({ reference: z.string(), display: z.string().optional() }).optional(),
  valueCoding: Coding.extend({ display: z.string().optional() }).optional(),
});
export type Extension = z.infer<typeof Extension>;

const Meta = z.object({
  versionId: z.string().regex(/^\d+$/).optional(),
  lastUpdated: z.string().optional(),
});

const SourceId = z.string().regex(/^[A-Za-z0-9.-]{1,64}$/);

export const SlotResource = z.object({
  resourceType: z.literal('Slot'),
  id: SourceId,
  meta: Meta.optional(),
  extension: z.array(Extension).default([]),
  serviceType: z.array(CodeableConcept).default([]),
  specialty: z.array(CodeableConcept).default([]),
  schedule: z.object({ reference: z.string() }),
  status: z.enum(['free', 'busy', 'busy-unavailable', 'busy-tentative', 'entered-in-error']),
  start: z.string(),
  end: z.string(),
});
export type SlotResource = z.infer<typeof SlotResource>;

export const ScheduleResource = z.object({
  resourceType: z.literal('Schedule'),
  id: SourceId,
  active: z.boolean().optional(),
  extension: z.array(Extension).default([]),
  serviceType: z.array(CodeableConcept).default([]),
  specialty: z.array(CodeableConcept).default([]),
  actor: z.array(z.object({ reference: z.string().optional(), display: z.string().optional() })).default([]),
});
export type ScheduleResource = z.infer<typeof ScheduleResource>;

/** A searchset page; entries stay unknown so one bad resource is skipped, not the page. */
export const SearchBundle = z.object({
  resourceType: z.literal('Bundle'),
  type: z.literal('searchset'),
  meta: z.object({ lastUpdated: z.string().optional() }).optional(),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).default([]),
  entry: z.array(z.object({ resource: z.unknown() })).default([]),
});
