import { z } from 'zod';

/**
 * The booking answers of each protocol: only the fields we read; unknown fields are ignored (and
 * kept, for FHIR, where a PUT sends the whole resource back).
 */
const HospitalId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/);

// FHIR R4 ---------------------------------------------------------------------------------------

export const FHIR_APPOINTMENT_STATUSES = [
  'proposed',
  'pending',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'checked-in',
  'waitlist',
] as const;

export const FhirAppointment = z
  .object({
    resourceType: z.literal('Appointment'),
    id: HospitalId,
    meta: z.object({ versionId: z.string().optional() }).optional(),
    status: z.enum(FHIR_APPOINTMENT_STATUSES),
    identifier: z
      .array(z.object({ system: z.string().optional(), value: z.string().optional() }))
      .default([]),
  })
  .loose();
export type FhirAppointment = z.infer<typeof FhirAppointment>;

export const OperationOutcome = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(
      z.object({
        severity: z.string().optional(),
        code: z.string(),
        diagnostics: z.string().optional(),
        details: z
          .object({
            coding: z
              .array(z.object({ system: z.string().optional(), code: z.string().optional() }))
              .default([]),
            text: z.string().optional(),
          })
          .optional(),
      }),
    )
    .min(1),
});
export type OperationOutcome = z.infer<typeof OperationOutcome>;

// SMART provider API ----------------------------------------------------------------------------

export const ProviderAppointment = z.object({
  appointmentId: HospitalId,
  reference: z.string(),
  status: z.enum(['booked', 'cancelled', 'fulfilled', 'noshow']),
});

export const ProviderAppointments = z.object({ appointments: z.array(ProviderAppointment) });

export const ProviderError = z.object({ error: z.string().min(1).max(64), message: z.string().optional() });

// HIS XML ---------------------------------------------------------------------------------------

/** `<YYXX><ROW>` of 2001/2002/2003. YYZT 预约状态: 1 已预约, 2 已取消, 3 已就诊, 4 爽约. */
export const HisBookingRow = z.object({
  YYDH: HospitalId,
  WBDH: z.string(),
  YYZT: z.enum(['1', '2', '3', '4']),
});
