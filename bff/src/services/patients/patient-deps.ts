import type { Pii } from '../../lib/pii';
import type { PatientModels } from '../../models/patients';
import type { PersonIndex } from '../../upstreams/regional/empi';

/** What the patient use cases need; built once in runtime.ts. */
export interface PatientDeps {
  models: PatientModels;
  pii: Pii;
  empi: PersonIndex;
  now: () => Date;
  /** A claim that could not be given back after a refusal (the database went away mid-request). */
  onCleanupError: (err: unknown) => void;
}
