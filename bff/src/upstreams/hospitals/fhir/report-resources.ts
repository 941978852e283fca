import { z } from 'zod';

/**
 * The FHIR R4 DiagnosticReport / Observation / Patient fields the report adapter reads, as the
 * published resources define them. Only what we read, every field optional where R4 allows it, so
 * one odd field costs a note on the report rather than the report.
 */
export const SOURCE_ID = /^[A-Za-z0-9.-]{1,64}$/;

export const Coding = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
export const Concept = z.object({ coding: z.array(Coding).default([]), text: z.string().optional() });
export type Concept = z.infer<typeof Concept>;
export const Quantity = z.object({
  value: z.number().optional(),
  comparator: z.enum(['<', '<=', '>=', '>']).optional(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
});
export type Quantity = z.infer<typeof Quantity>;
export const Range = z.object({ low: Quantity.optional(), high: Quantity.optional() });
export type Range = z.infer<typeof Range>;
const Ratio = z.object({ numerator: Quantity.optional(), denominator: Quantity.optional() });
const Reference = z.object({
  reference: z.string().optional(),
  display: z.string().optional(),
  identifier: z.object({ system: z.string().optional(), value: z.string().optional() }).optional(),
});
export type Reference = z.infer<typeof Reference>;

export const ReferenceRangeEntry = z.object({
  low: Quantity.optional(),
  high: Quantity.optional(),
  type: Concept.optional(),
  appliesTo: z.array(Concept).default([]),
  age: Range.optional(),
  text: z.string().optional(),
});
export type ReferenceRangeEntry = z.infer<typeof ReferenceRangeEntry>;

/** value[x] of R4 Observation (and of its components). */
export const ObservationValue = z.object({
  valueQuantity: Quantity.optional(),
  valueCodeableConcept: Concept.optional(),
  valueString: z.string().optional(),
  valueBoolean: z.boolean().optional(),
  valueInteger: z.number().int().optional(),
  valueRange: Range.optional(),
  valueRatio: Ratio.optional(),
  valueSampledData: z.unknown().optional(),
  valueTime: z.string().optional(),
  valueDateTime: z.string().optional(),
  valuePeriod: z.object({ start: z.string().optional(), end: z.string().optional() }).optional(),
});
export type ObservationValue = z.infer<typeof ObservationValue>;

export const Observation = ObservationValue.extend({
  resourceType: z.literal('Observation'),
  id: z.string().regex(SOURCE_ID),
  status: z.string().optional(),
  code: Concept.optional(),
  subject: Reference.optional(),
  dataAbsentReason: Concept.optional(),
  interpretation: z.array(Concept).default([]),
  referenceRange: z.array(ReferenceRangeEntry).default([]),
  component: z.array(ObservationValue.extend({ code: Concept.optional() })).default([]),
});
export type Observation = z.infer<typeof Observation>;

const Attachment = z.object({
  contentType: z.string().optional(),
  size: z.number().int().min(0).optional(),
  data: z.string().optional(),
  url: z.string().optional(),
  title: z.string().optional(),
});
export type Attachment = z.infer<typeof Attachment>;

export const DiagnosticReport = z.object({
  resourceType: z.literal('DiagnosticReport'),
  id: z.string().regex(SOURCE_ID),
  status: z.string().optional(),
  extension: z.array(z.object({ url: z.string(), valueString: z.string().optional() })).default([]),
  category: z.array(Concept).default([]),
  code: Concept.optional(),
  subject: Reference.optional(),
  contained: z.array(z.unknown()).default([]),
  effectiveDateTime: z.string().optional(),
  effectivePeriod: z.object({ start: z.string().optional(), end: z.string().optional() }).optional(),
  issued: z.string().optional(),
  performer: z.array(Reference).default([]),
  text: z.object({ div: z.string() }).optional(),
  result: z.array(z.object({ reference: z.string() })).default([]),
  conclusion: z.string().optional(),
  conclusionCode: z.array(Concept).default([]),
  presentedForm: z.array(Attachment).default([]),
});
export type DiagnosticReport = z.infer<typeof DiagnosticReport>;

export const Patient = z.object({
  resourceType: z.literal('Patient'),
  id: z.string().regex(SOURCE_ID),
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string().optional() })).default([]),
  gender: z.string().optional(),
  birthDate: z.string().optional(),
});

export const Bundle = z.object({
  resourceType: z.literal('Bundle'),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).default([]),
  entry: z.array(z.object({ resource: z.unknown() })).default([]),
});

/** The display of a concept: its text, else a coding's display, else a code. */
export const conceptText = (c: Concept | undefined): string | undefined =>
  c?.text ?? c?.coding.find((x) => x.display)?.display ?? c?.coding.find((x) => x.code)?.code;

export const codeIn = (c: Concept | undefined, system: string | RegExp): string | undefined =>
  c?.coding.find((x) => (typeof system === 'string' ? x.system === system : system.test(x.system ?? '')))
    ?.code;
