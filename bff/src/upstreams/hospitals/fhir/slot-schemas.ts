import { z } from 'zod';

/**
 * FHIR R4 shapes the slot feeds use (also the resources inside SMART Scheduling Links NDJSON).
 * Only the fields we read; unknown fields are ignored so a server upgrade does not break the sync.
 */
export const Coding = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
export const CodeableConcept = z.object({ coding: z.array(Coding).default([]), text: z.string().optional() });
export type CodeableConcept = z.infer<typeof CodeableConcept>;

export const Extension = z.object({
  url: z.string(),
  valueInteger: z.number().int().optional(),
  valueCode: z.string().optional(),
  valueString: z.string().optional(),
  valueDateTime: z.string().optional(),
  valueUrl: z.string().optional(),
  valueMoney: z.object({ value: z.number(), currency: z.string().optional() }).optional(),
  valueReference: z.object({ reference: z.string(), display: z.string().optional() }).optional(),
  valueCoding: Coding.optional(),
});
export type Extension = z.infer<typeof Extension>;

const Meta = z.object({
  versionId: z.string().regex(/^\d+$/).optional(),
  lastUpdated: z.string().optional(),
});

/** FHIR `id` (A–Z a–z 0–9 - .), plus `_` which SMART Scheduling Links publishers may use. */
const SourceId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'not a FHIR id (up to 64 of A-Z a-z 0-9 - . _)');

const Reference = z.object({ reference: z.string().optional(), display: z.string().optional() });

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
  actor: z.array(Reference).default([]),
});
export type ScheduleResource = z.infer<typeof ScheduleResource>;

/** The Location lines of SMART Scheduling Links (and FHIR Location resources). */
export const LocationResource = z.object({
  resourceType: z.literal('Location'),
  id: SourceId,
  name: z.string().trim().min(1),
  description: z.string().optional(),
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string() })).default([]),
  telecom: z.array(z.object({ system: z.string().optional(), value: z.string().optional() })).default([]),
  address: z
    .object({
      text: z.string().optional(),
      line: z.array(z.string()).default([]),
      city: z.string().optional(),
      district: z.string().optional(),
      state: z.string().optional(),
      postalCode: z.string().optional(),
    })
    .optional(),
  position: z
    .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .optional(),
});
export type LocationResource = z.infer<typeof LocationResource>;

/** A searchset page; entries stay unknown so one bad resource is skipped, not the page. */
export const SearchBundle = z.object({
  resourceType: z.literal('Bundle'),
  type: z.literal('searchset'),
  meta: z.object({ lastUpdated: z.string().optional() }).optional(),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).default([]),
  entry: z
    .array(z.object({ resource: z.unknown(), search: z.object({ mode: z.string().optional() }).optional() }))
    .default([]),
});
