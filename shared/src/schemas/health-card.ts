import { z } from 'zod';
import { CARD_SCENE_CODES, CARD_STATUSES, pinShapeProblem } from '../domain/health-card';
import { IdTypeSchema } from './patients';
import { IsoDateTime, intParam } from './common';

/**
 * 电子健康卡: the resident's card page (card face, codes, PIN, scans) and the clinic's
 * verification of a scanned code. Code texts are opaque here; their formats are in
 * docs/health-card.md.
 */
export const CardSceneSchema = z.enum(CARD_SCENE_CODES).describe('general = 通用, registration = 挂号, …');
export const CardStatusSchema = z
  .enum(CARD_STATUSES)
  .describe('active; frozen = 挂失/冻结; cancelled = 注销 (as the regional platform says)');
export const CodeKindSchema = z.enum(['dynamic', 'static']);

/** Six digits, not a repeat (000000, 121212) nor a run (123456, 654321). */
export const CardPin = z.string().superRefine((pin, ctx) => {
  const problem = pinShapeProblem(pin);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const HealthCardFace = z.object({
  cardIdMasked: z.string().describe('The platform’s 64-character card id, first and last 4 shown'),
  status: CardStatusSchema,
  issuedAt: IsoDateTime,
  statusChangedAt: IsoDateTime,
  issuer: z.string().describe('发卡机构'),
  holder: z.object({
    name: z.string().describe('Masked: 张*明'),
    idType: IdTypeSchema,
    idNumberMasked: z.string(),
  }),
  pinSet: z.boolean().describe('A PIN is set, so a static code can be issued'),
  staticCode: z
    .object({ serial: z.number().int().min(1), issuedAt: IsoDateTime })
    .nullable()
    .describe('The static code in force (older ones are revoked), or null'),
});
export type HealthCardFace = z.infer<typeof HealthCardFace>;

export const HealthCardResponse = z.object({ card: HealthCardFace });
export type HealthCardResponse = z.infer<typeof HealthCardResponse>;

export const CodeQuery = z.object({ scene: CardSceneSchema.default('general') }).strict();
export type CodeQuery = z.output<typeof CodeQuery>;

export const DynamicCode = z.object({
  code: z.string().describe('The text of the QR code: JK1. + 159 base32 characters'),
  kind: z.literal('dynamic'),
  scene: CardSceneSchema,
  validFrom: IsoDateTime,
  expiresAt: IsoDateTime.describe('Not accepted from this instant on'),
  refreshAt: IsoDateTime.describe('When the page should show the next code'),
});
export type DynamicCode = z.infer<typeof DynamicCode>;

export const OfflineCodesResponse = z.object({
  scene: CardSceneSchema,
  items: z.array(DynamicCode).describe('Consecutive windows, earliest first; show each from validFrom'),
});
export type OfflineCodesResponse = z.infer<typeof OfflineCodesResponse>;

export const PinInput = z.object({ pin: CardPin }).strict();
export type PinInput = z.infer<typeof PinInput>;

export const StaticCodeResponse = z.object({
  code: z.string().describe('The text of the printable QR code: JK1S. + 144 base32 characters'),
  kind: z.literal('static'),
  serial: z.number().int().min(1),
  issuedAt: IsoDateTime,
});
export type StaticCodeResponse = z.infer<typeof StaticCodeResponse>;

export const ScanListQuery = z.object({ limit: intParam(1, 100, 20) }).strict();
export type ScanListQuery = z.output<typeof ScanListQuery>;

/** `ok`, or the error code the clinic was answered with. */
const ScanResult = z.string().describe('ok, or the error code answered (CODE_EXPIRED, PIN_WRONG, …)');

export const ScanEntry = z.object({
  at: IsoDateTime,
  hospitalId: z.string(),
  hospitalName: z.string().nullable(),
  terminalId: z.string(),
  scene: CardSceneSchema,
  sceneName: z.string(),
  codeKind: CodeKindSchema,
  result: ScanResult,
});
export type ScanEntry = z.infer<typeof ScanEntry>;

export const ScanListResponse = z.object({ items: z.array(ScanEntry).describe('Newest first') });
export type ScanListResponse = z.infer<typeof ScanListResponse>;

export const TerminalId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'expected 1–32 letters, digits, - or _')
  .describe('The scanning terminal, as named by its hospital');

export const ClinicVerifyRequest = z
  .object({
    // Any string: what is wrong with a code is the verifier's answer (CODE_MALFORMED), not a 400 here.
    code: z.string().describe('The scanned text; surrounding whitespace and line breaks are ignored'),
    terminalId: TerminalId.describe('Must equal the X-JK-Terminal header'),
    scene: CardSceneSchema,
    pin: z
      .string()
      .regex(/^[0-9]{6}$/, 'expected 6 digits')
      .optional()
      .describe('Required with a static code'),
  })
  .strict();
export type ClinicVerifyRequest = z.infer<typeof ClinicVerifyRequest>;

export const ClinicIdentity = z.object({
  name: z.string().describe('In full, for the registration slip'),
  gender: z.enum(['M', 'F']).nullable().describe('From the 居民身份证; null for other documents'),
  age: z.number().int().min(0).nullable().describe('Whole years on the day of the scan (Beijing)'),
  idType: IdTypeSchema,
  idNumberMasked: z.string(),
  cardId: z.string().describe('电子健康卡 id at the regional platform'),
  masterId: z.string().describe('EMPI master id'),
});
export type ClinicIdentity = z.infer<typeof ClinicIdentity>;

export const ClinicVerifyResponse = z.object({
  result: z.literal('ok'),
  identity: ClinicIdentity,
  code: z.object({ kind: CodeKindSchema, scene: CardSceneSchema, expiresAt: IsoDateTime.nullable() }),
  verifiedAt: IsoDateTime,
});
export type ClinicVerifyResponse = z.infer<typeof ClinicVerifyResponse>;
