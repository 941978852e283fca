import { z } from 'zod';
import { ID_TYPE_CODES, validateIdDocument } from '../domain/id-number';
import { validatePatientName } from '../domain/patient-name';
import { validateMobile } from '../domain/phone';
import { MAX_PATIENTS_PER_ACCOUNT, RELATION_CODES } from '../domain/relations';
import { IsoDateTime } from './common';

/**
 * 就诊人. Inputs are strict objects, so an unknown key (`__proto__`, `$where`, `idNumber` on an
 * edit) is refused by name; each field is checked by the same domain rule the mini-program's
 * form runs inline, and the parsed value is the normalized one (X upper-case, +86 dropped).
 */
type Check = (raw: string) => { ok: true; normalized: string } | { ok: false; reason: string };

const checked = (check: Check) =>
  z.string().transform((raw, ctx) => {
    const r = check(raw);
    if (r.ok) return r.normalized;
    ctx.issues.push({ code: 'custom', message: r.reason, input: raw });
    return z.NEVER;
  });

export const PatientName = checked(validatePatientName).describe('Real name, 2–30 characters');
export const MobilePhone = checked(validateMobile).describe('Mainland mobile number; +86 is dropped');
export const IdTypeSchema = z.enum(ID_TYPE_CODES).describe('resident_id = 居民身份证');
export const RelationSchema = z.enum(RELATION_CODES).describe('self = 本人');
export const PatientId = z.string().regex(/^pt_[A-Za-z0-9_-]{16}$/, 'not a patient id');

export const PatientInput = z
  .object({
    name: PatientName,
    idType: IdTypeSchema.default('resident_id'),
    idNumber: z.string().max(40).describe('Checked against idType (GB 11643 checksum for 居民身份证)'),
    phone: MobilePhone,
    relation: RelationSchema,
  })
  .strict()
  .transform((input, ctx) => {
    const r = validateIdDocument(input.idType, input.idNumber);
    if (r.ok) return { ...input, idNumber: r.normalized };
    ctx.issues.push({ code: 'custom', message: r.reason, path: ['idNumber'], input: input.idNumber });
    return z.NEVER;
  });
export type PatientInput = z.output<typeof PatientInput>;

/**
 * The ID number and its type are not editable: remove the patient and add them again. Sent with
 * PATCH, or with PUT by the mini-program (wx.request has no PATCH); both mean the same.
 */
export const PatientUpdate = z
  .object({
    name: PatientName.optional(),
    phone: MobilePhone.optional(),
    relation: RelationSchema.optional(),
  })
  .strict()
  .refine((u) => u.name !== undefined || u.phone !== undefined || u.relation !== undefined, {
    message: 'nothing to change: send name, phone or relation',
  });
export type PatientUpdate = z.output<typeof PatientUpdate>;

/** What leaves the BFF: masked values only; the EMPI master id stays server-side. */
export const Patient = z.object({
  id: PatientId,
  name: z.string().describe('Masked: 张*明'),
  idType: IdTypeSchema,
  idNumberMasked: z.string().describe('440***********123X'),
  phoneMasked: z.string().describe('138****5678'),
  relation: RelationSchema,
  createdAt: IsoDateTime,
});
export type Patient = z.infer<typeof Patient>;

export const PatientResponse = z.object({ patient: Patient });
export type PatientResponse = z.infer<typeof PatientResponse>;

export const PatientListResponse = z.object({
  items: z.array(Patient),
  limit: z.literal(MAX_PATIENTS_PER_ACCOUNT),
});
export type PatientListResponse = z.infer<typeof PatientListResponse>;
