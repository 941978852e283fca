import type { ErrorObject } from 'ajv';
import { definitionValidator } from './fhir-schema';

export interface FhirValidation {
  valid: boolean;
  errors: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function describe(prefix: string, e: ErrorObject): string {
  const extra =
    e.keyword === 'additionalProperties'
      ? ` (${String(e.params.additionalProperty)})`
      : e.keyword === 'enum' || e.keyword === 'const'
        ? ` (${JSON.stringify(e.params.allowedValues ?? e.params.allowedValue)})`
        : '';
  return `${prefix}${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
}

/** Against the resource's own definition, so an error names the field, not "must match oneOf". */
function schemaErrors(resource: unknown, prefix: string): string[] {
  if (!isObject(resource) || typeof resource.resourceType !== 'string')
    return [`${prefix}/: must be a resource with a resourceType`];
  const validate = definitionValidator(resource.resourceType);
  if (!validate) return [`${prefix}/resourceType: unknown resource type ${resource.resourceType}`];
  if (validate(resource)) return [];
  return (validate.errors ?? []).map((e) => describe(prefix, e));
}

/** Every `reference` string anywhere under a value, with its JSON path. */
function references(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (Array.isArray(value)) value.forEach((v, i) => references(v, `${path}/${i}`, out));
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push([`${path}/reference`, v]);
      else references(v, `${path}/${k}`, out);
    }
  return out;
}

/**
 * Rules the JSON schema cannot state: an exported Bundle stands alone, so every reference must
 * name an entry's fullUrl (unique, present), and references must point at the right kind of
 * resource; an Observation needs a code (FHIR requires it, the schema lets an empty one by).
 */
function bundleRules(bundle: Json): string[] {
  const errors: string[] = [];
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  const types = new Map<string, string>();
  entries.forEach((e, i) => {
    const fullUrl = isObject(e) ? e.fullUrl : undefined;
    if (typeof fullUrl !== 'string') errors.push(`/entry/${i}/fullUrl: missing`);
    else if (types.has(fullUrl)) errors.push(`/entry/${i}/fullUrl: duplicate ${fullUrl}`);
    else if (isObject(e) && isObject(e.resource)) types.set(fullUrl, String(e.resource.resourceType));
  });
  const expect = (path: string, ref: unknown, type: string) => {
    const ref_ = isObject(ref) ? ref.reference : undefined;
    const actual = typeof ref_ === 'string' ? types.get(ref_) : undefined;
    if (actual !== type) errors.push(`${path}: must reference an entry of type ${type}`);
  };
  entries.forEach((e, i) => {
    const resource = isObject(e) ? e.resource : undefined;
    if (!isObject(resource)) return;
    const at = `/entry/${i}/resource`;
    for (const [path, ref] of references(resource, at, []))
      if (!types.has(ref)) errors.push(`${path}: ${ref} is not an entry of this bundle`);
    if (resource.resourceType === 'Observation') {
      const code = resource.code;
      if (!isObject(code) || (typeof code.text !== 'string' && !Array.isArray(code.coding)))
        errors.push(`${at}/code: an Observation needs a code`);
      if ('dataAbsentReason' in resource && Object.keys(resource).some((k) => k.startsWith('value')))
        errors.push(`${at}: a value and a dataAbsentReason exclude each other`);
    }
    if (resource.resourceType === 'DiagnosticReport') {
      expect(`${at}/subject`, resource.subject, 'Patient');
      const results = Array.isArray(resource.result) ? resource.result : [];
      results.forEach((r, j) => expect(`${at}/result/${j}`, r, 'Observation'));
    }
  });
  return errors;
}

/**
 * A resource (usually our export Bundle) against the official FHIR R4 JSON schema plus the
 * rules above. The first call compiles the schema (seconds); see warmFhirSchema.
 */
export function validateFhir(resource: unknown): FhirValidation {
  const errors = schemaErrors(resource, '');
  if (isObject(resource) && resource.resourceType === 'Bundle') {
    // The Bundle schema checks entries through a union of every resource type, whose errors
    // say only "must match one of"; checking each entry against its own type says what is wrong.
    if (errors.length > 0) {
      const entries = Array.isArray(resource.entry) ? resource.entry : [];
      const detailed = entries.flatMap((e, i) =>
        isObject(e) && 'resource' in e ? schemaErrors(e.resource, `/entry/${i}/resource`) : [],
      );
      const envelope = errors.filter((e) => !/^\/entry\/\d+\/resource/.test(e));
      if (detailed.length > 0) errors.splice(0, errors.length, ...envelope, ...detailed);
    }
    errors.push(...bundleRules(resource));
  }
  return { valid: errors.length === 0, errors };
}
