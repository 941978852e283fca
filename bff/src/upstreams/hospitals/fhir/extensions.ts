import type { Extension } from './slot-schemas';

/** Our optional enrichments (fee, session, department …), listed in docs/upstreams/. */
export const JIANKANG_EXT = 'http://jiankang.example/fhir/StructureDefinition/';
/** SMART Scheduling Links as first published, and its 2025 HL7 edition's namespace. */
export const SMART_EXT = 'http://fhir-registry.smarthealthit.org/StructureDefinition/';
export const HL7_SSL_EXT = 'http://hl7.org/fhir/uv/smart-scheduling-links/StructureDefinition/';

const SMART_NAMESPACES = [SMART_EXT, HL7_SSL_EXT];

/** One of our enrichment extensions by name. */
export const ourExt = (exts: Extension[], name: string) =>
  exts.find((e) => e.url === `${JIANKANG_EXT}${name}`);

/** A SMART Scheduling Links extension in either namespace. */
export const smartExt = (exts: Extension[], name: string) =>
  exts.find((e) => SMART_NAMESPACES.some((ns) => e.url === `${ns}${name}`));

/**
 * SMART's `slot-capacity` aggregates identical slots (same schedule, status and times): on a free
 * Slot it is how many are free, on a busy one how many are taken.
 */
export const smartCapacity = (exts: Extension[]) => smartExt(exts, 'slot-capacity')?.valueInteger;
