import {
  ID_TYPES,
  RELATIONS,
  validateIdDocument,
  validateMobile,
  validatePatientName,
  type IdType,
  type Relation,
} from '@jiankang/shared/domain';
import type { Patient, PatientInput, PatientUpdate } from '@jiankang/shared';

/**
 * The patient form's state and its inline checks: the same domain rules the BFF's contract runs,
 * so a resident sees "身份证号校验位不正确" under the field before anything is sent.
 */
export interface PatientFormValues {
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string;
  relation: Relation | '';
}

export type FormField = keyof PatientFormValues;
export type FormErrors = Partial<Record<FormField, string>>;

export const EMPTY_FORM: PatientFormValues = {
  name: '',
  idType: 'resident_id',
  idNumber: '',
  phone: '',
  relation: '',
};

export const ID_TYPE_LABELS = ID_TYPES.map((t) => t.name);
export const RELATION_LABELS = RELATIONS.map((r) => r.name);

/** Relations this account may still pick: 本人 only while nobody else is 本人. */
export function relationChoices(patients: readonly Patient[], editingId?: string) {
  const selfTaken = patients.some((p) => p.relation === 'self' && p.id !== editingId);
  return RELATIONS.filter((r) => r.code !== 'self' || !selfTaken);
}

export function validateField(
  field: FormField,
  values: PatientFormValues,
  mode: 'add' | 'edit',
): string | undefined {
  const value = values[field];
  // On edit, a blank name or phone means "keep it": the form only shows them masked.
  if (mode === 'edit' && (field === 'name' || field === 'phone') && value === '') return undefined;
  switch (field) {
    case 'name': {
      const r = validatePatientName(values.name);
      return r.ok ? undefined : r.reason;
    }
    case 'idNumber': {
      if (mode === 'edit') return undefined;
      const r = validateIdDocument(values.idType, values.idNumber);
      return r.ok ? undefined : r.reason;
    }
    case 'phone': {
      const r = validateMobile(values.phone);
      return r.ok ? undefined : r.reason;
    }
    case 'relation':
      return values.relation === '' ? '请选择与您的关系' : undefined;
    default:
      return undefined;
  }
}

const FIELDS: FormField[] = ['name', 'idType', 'idNumber', 'phone', 'relation'];

export function validateForm(values: PatientFormValues, mode: 'add' | 'edit'): FormErrors {
  const errors: FormErrors = {};
  for (const field of FIELDS) {
    const message = validateField(field, values, mode);
    if (message) errors[field] = message;
  }
  return errors;
}

export const hasErrors = (errors: FormErrors) => Object.values(errors).some(Boolean);

/** The body of POST /patients, normalized as the BFF will store it; undefined if the form is not valid. */
export function toInput(values: PatientFormValues): PatientInput | undefined {
  const name = validatePatientName(values.name);
  const id = validateIdDocument(values.idType, values.idNumber);
  const phone = validateMobile(values.phone);
  if (!name.ok || !id.ok || !phone.ok || values.relation === '') return undefined;
  return {
    name: name.normalized,
    idType: values.idType,
    idNumber: id.normalized,
    phone: phone.normalized,
    relation: values.relation,
  };
}

/** Only what changed; undefined when nothing did (or something is invalid). */
export function toUpdate(values: PatientFormValues, before: Patient): PatientUpdate | undefined {
  if (hasErrors(validateForm(values, 'edit'))) return undefined;
  const change: PatientUpdate = {};
  if (values.name !== '')
    change.name = (validatePatientName(values.name) as { normalized: string }).normalized;
  if (values.phone !== '') change.phone = (validateMobile(values.phone) as { normalized: string }).normalized;
  if (values.relation !== '' && values.relation !== before.relation) change.relation = values.relation;
  return Object.keys(change).length > 0 ? change : undefined;
}

/** The server names the wrong field in `error.field`; show its message under that field. */
export function fieldOfServerError(field: string | undefined): FormField | undefined {
  return field && (FIELDS as string[]).includes(field) ? (field as FormField) : undefined;
}
