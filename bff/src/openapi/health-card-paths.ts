import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  ClinicVerifyRequest,
  ClinicVerifyResponse,
  CodeQuery,
  DynamicCode,
  HealthCardResponse,
  OfflineCodesResponse,
  PinInput,
  ScanListQuery,
  ScanListResponse,
  StaticCodeResponse,
} from '@jiankang/shared';

type Named = <T extends z.ZodType>(name: string, schema: T) => T;

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** 电子健康卡 (issue 6): the resident's card routes and the clinic terminals' verification. */
export function registerHealthCardPaths(registry: OpenAPIRegistry, named: Named, Error: z.ZodType): void {
  const security = [{ bearerAuth: [] }];
  const params = z.object({
    id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'pt_3Jx9Qw0ZkLmN8sTu' }),
  });
  const base = '/api/v1/patients/{id}/health-card';
  const resident = {
    401: json(Error, '`UNAUTHENTICATED` or `TOKEN_EXPIRED`'),
    403: json(Error, '`CONSENT_REQUIRED`'),
  };
  const notFound = json(Error, '`PATIENT_NOT_FOUND` (also another account’s patient) or `CARD_NOT_FOUND`');
  const Card = json(named('HealthCardResponse', HealthCardResponse), 'The card face, masked');
  const inactive = json(Error, '`CARD_NOT_ACTIVE`: frozen or cancelled at the regional platform');
  const limited = json(Error, '`RATE_LIMITED` (codes per account per minute); see Retry-After');
  /** What asking for a code can get besides the codes. */
  const codeRefusals = {
    400: json(Error, '`VALIDATION_FAILED` (scene)'),
    ...resident,
    404: notFound,
    409: inactive,
    429: limited,
  };

  registry.registerPath({
    method: 'post',
    path: base,
    summary: 'Apply for (or bind) the patient’s e-health card',
    description:
      'Idempotent: one card per real-name person at the regional platform, shared by every account that holds the person as a patient (e.g. a family member for an elderly parent). 201 when this request bound the patient, 200 afterwards.',
    security,
    request: { params },
    responses: {
      200: Card,
      201: Card,
      ...resident,
      404: json(Error, '`PATIENT_NOT_FOUND`'),
      422: json(Error, '`CARD_APPLY_REFUSED`: the platform’s identity check failed'),
      502: json(Error, '`UPSTREAM_UNAVAILABLE`: nothing was bound'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: base,
    summary: 'The card face: status (asked afresh at the platform), holder masked, PIN and static code',
    security,
    request: { params },
    responses: { 200: Card, ...resident, 404: notFound, 502: json(Error, '`UPSTREAM_UNAVAILABLE`') },
  });
  registry.registerPath({
    method: 'get',
    path: `${base}/code`,
    summary: 'A fresh dynamic code (动态码): SM2-signed, single use, valid 120 s, refresh after 60 s',
    security,
    request: { params, query: CodeQuery },
    responses: {
      200: json(named('DynamicCode', DynamicCode), 'The code and its window'),
      ...codeRefusals,
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${base}/offline-codes`,
    summary: 'The next 10 dynamic codes for consecutive windows, to show without a network',
    security,
    request: { params, query: CodeQuery },
    responses: {
      200: json(named('OfflineCodesResponse', OfflineCodesResponse), 'Codes, earliest window first'),
      ...codeRefusals,
    },
  });
  registry.registerPath({
    method: 'put',
    path: `${base}/pin`,
    summary: 'Set or change the 6-digit PIN that goes with the static code',
    security,
    request: {
      params,
      body: { content: { 'application/json': { schema: named('PinInput', PinInput) } } },
    },
    responses: {
      204: { description: 'Set (stored as a salted, peppered scrypt hash)' },
      400: json(
        Error,
        '`VALIDATION_FAILED` naming `pin`: not 6 digits, a repeat or run (000000, 123456), the birthday or the ID number’s tail',
      ),
      ...resident,
      404: notFound,
    },
  });
  const Static = named('StaticCodeResponse', StaticCodeResponse);
  const staticRefusals = {
    ...resident,
    404: notFound,
    409: json(Error, '`PIN_NOT_SET` or `CARD_NOT_ACTIVE`'),
  };
  registry.registerPath({
    method: 'get',
    path: `${base}/static-code`,
    summary: 'The printable static code (静态码) in force; the first is issued on demand',
    description:
      'Used only together with the card’s PIN. The text is signed afresh each time; any text of the serial in force verifies.',
    security,
    request: { params },
    responses: { 200: json(Static, 'The code to print'), ...staticRefusals },
  });
  registry.registerPath({
    method: 'post',
    path: `${base}/static-code`,
    summary: 'Reprint: a new static code with the next serial; every earlier one is revoked',
    security,
    request: { params },
    responses: { 201: json(Static, 'The new code to print'), ...staticRefusals },
  });
  registry.registerPath({
    method: 'get',
    path: `${base}/scans`,
    summary: 'Clinic scans of the card, newest first (hospital, terminal, scene, time, result)',
    security,
    request: { params, query: ScanListQuery },
    responses: {
      200: json(named('ScanListResponse', ScanListResponse), 'Scans, never the code itself'),
      400: json(Error, '`VALIDATION_FAILED` (limit)'),
      ...resident,
      404: notFound,
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/api/v1/clinic/verify',
    summary: 'A hospital clinic terminal verifies a scanned code (signed request)',
    description:
      'Headers `X-JK-Hospital`, `X-JK-Terminal`, `X-JK-Timestamp` (unix ms), `X-JK-Nonce` (16–64 characters, single use) and `X-JK-Signature` = hex HMAC-SHA256(hospital clinic key, "JK-CLINIC-V1\\nPOST\\n/api/v1/clinic/verify\\n" + query + "\\n" + hospital + "\\n" + terminal + "\\n" + timestamp + "\\n" + nonce + "\\n" + hex SHA-256(raw body)). Rate limited per terminal. Every verification is appended to the card’s hash-chained scan log. See docs/health-card.md.',
    request: {
      body: {
        content: { 'application/json': { schema: named('ClinicVerifyRequest', ClinicVerifyRequest) } },
      },
    },
    responses: {
      200: json(named('ClinicVerifyResponse', ClinicVerifyResponse), 'Who the card belongs to'),
      400: json(
        Error,
        '`CODE_MALFORMED`, `VALIDATION_FAILED` (pin, scene, terminalId …) or `MALFORMED_JSON`',
      ),
      401: json(
        Error,
        '`SIGNATURE_INVALID`: unknown hospital, bad signature, clock over 5 minutes off, nonce reused',
      ),
      409: json(Error, '`CODE_REPLAYED` or `CARD_NOT_ACTIVE`'),
      422: json(
        Error,
        '`CODE_TAMPERED`, `CODE_EXPIRED`, `CODE_NOT_YET_VALID`, `CODE_REVOKED`, `CODE_SCENE_MISMATCH`, `PIN_REQUIRED` or `PIN_WRONG`',
      ),
      423: json(Error, '`PIN_LOCKED` after 5 wrong PINs, for 30 minutes (Retry-After)'),
      429: json(Error, '`RATE_LIMITED` for this terminal'),
    },
  });
}
