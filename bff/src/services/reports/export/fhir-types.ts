/**
 * The slice of FHIR R4 the export writes, typed by hand: @types/fhir is not a dependency and the
 * official JSON schema (fhir-validate.ts) checks the real thing, so these only keep the builder
 * honest about field names and shapes.
 */
export interface Coding {
  system: string;
  code: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Reference {
  reference: string;
  display?: string;
}
export interface Quantity {
  value: number;
  unit?: string;
  system?: string;
  code?: string;
}
export interface Identifier {
  system: string;
  value: string;
}

export interface Patient {
  resourceType: 'Patient';
  identifier: Identifier[];
  name: { text: string }[];
  gender: 'male' | 'female' | 'unknown';
  birthDate?: string;
}
export interface Organization {
  resourceType: 'Organization';
  identifier: Identifier[];
  name: string;
}
export interface Observation {
  resourceType: 'Observation';
  status: 'final';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  performer: Reference[];
  issued: string;
  valueQuantity?: Quantity;
  valueString?: string;
  dataAbsentReason?: CodeableConcept;
  interpretation?: CodeableConcept[];
  referenceRange?: { low?: Quantity; high?: Quantity; text?: string }[];
  note?: { text: string }[];
}
export interface DiagnosticReport {
  resourceType: 'DiagnosticReport';
  identifier: Identifier[];
  status: 'final';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  issued: string;
  performer: Reference[];
  result?: Reference[];
  conclusion?: string;
}
export type ExportResource = Patient | Organization | Observation | DiagnosticReport;

export interface Bundle {
  resourceType: 'Bundle';
  identifier: Identifier;
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: ExportResource }[];
}
