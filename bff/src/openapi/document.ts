import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  ConsentRequest,
  ConsentResponse,
  LoginRequest,
  LogoutRequest,
  MeResponse,
  RefreshRequest,
  TokenResponse,
  DoctorListResponse,
  EarliestQuery,
  EarliestResponse,
  ERROR_CODES,
  ErrorEnvelope,
  HealthResponse,
  HospitalDetailResponse,
  HospitalListQuery,
  HospitalListResponse,
  FeedStatusResponse,
  PatientInput,
  PatientListResponse,
  PatientResponse,
  PatientUpdate,
  ReadinessResponse,
  ScheduleQuery,
  ScheduleResponse,
  HospitalPlacesResponse,
  SlotDetailResponse,
  SlotEventBatch,
  SlotEventsResponse,
} from '@jiankang/shared';
import { registerBookingPaths } from './booking-paths';
import { registerHealthCardPaths } from './health-card-paths';
import { registerConsolePaths } from './console-paths';
import { registerReportPaths } from './report-paths';

// registry.register() names schemas through .openapi(), which this adds to zod's prototype. Zod 4
// copies methods onto each instance when it is made, so the shared schemas (made before this
// line ran) are cloned before registering.
extendZodWithOpenApi(z);

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const errorCodesText = Object.entries(ERROR_CODES)
  .map(([code, { status, description }]) => `- \`${code}\` (${status}): ${description}`)
  .join('\n');

/** The OpenAPI 3.1 document, built from the same zod schemas the BFF validates with. */
export function buildOpenApiDocument(): object {
  const registry = new OpenAPIRegistry();
  const named = <T extends z.ZodType>(name: string, schema: T) =>
    registry.register(name, schema.clone() as T);
  const Error = named('ErrorEnvelope', ErrorEnvelope);
  const List = named('HospitalListResponse', HospitalListResponse);
  const Detail = named('HospitalDetailResponse', HospitalDetailResponse);
  const Doctors = named('DoctorListResponse', DoctorListResponse);
  const errors = {
    400: json(Error, 'Invalid parameter; `error.field` names it'),
    503: json(Error, 'The directory has not been synced yet (`DIRECTORY_NOT_READY`)'),
  };
  const hospitalId = z.string().describe('Hospital id, e.g. hzszxrmyy');

  registry.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    responses: { 200: json(HealthResponse, 'Alive') },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: database and regional platform reachable',
    responses: {
      200: json(ReadinessResponse, 'Ready'),
      503: json(ReadinessResponse, 'Not ready, with reasons'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document',
    responses: {
      200: {
        description: 'The OpenAPI 3.1 document',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/hospitals',
    summary: 'Hospitals of the city, filtered and paged',
    request: { query: HospitalListQuery },
    responses: {
      200: json(List, 'A page of hospitals'),
      304: { description: 'Not modified (ETag)' },
      ...errors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/hospitals/{hospitalId}',
    summary: 'One hospital with its departments',
    request: { params: z.object({ hospitalId }) },
    responses: {
      200: json(Detail, 'The hospital'),
      404: json(Error, '`HOSPITAL_NOT_FOUND`'),
      503: errors[503],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/hospitals/{hospitalId}/departments/{deptId}/doctors',
    summary: 'Doctors of one department, senior first',
    request: { params: z.object({ hospitalId, deptId: z.string().describe('Department id, e.g. 0304') }) },
    responses: {
      200: json(Doctors, 'The doctors'),
      404: json(Error, '`HOSPITAL_NOT_FOUND` or `DEPARTMENT_NOT_FOUND`'),
      503: errors[503],
    },
  });

  const deptId = z.string().describe('Department id, e.g. 0304');
  registry.registerPath({
    method: 'get',
    path: '/api/v1/hospitals/{hospitalId}/departments/{deptId}/schedule',
    summary: 'A department’s doctors × dates × 分时段 periods with what remains, from the local store',
    request: { params: z.object({ hospitalId, deptId }), query: ScheduleQuery },
    responses: {
      200: json(named('ScheduleResponse', ScheduleResponse), 'The schedule, with the source’s freshness'),
      ...errors,
      404: json(Error, '`HOSPITAL_NOT_FOUND` or `DEPARTMENT_NOT_FOUND`'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/hospitals/{hospitalId}/services/schedule',
    summary:
      'The hospital’s service-level schedules (a feed Schedule naming no doctor or department, e.g. 普通门诊), by service × date',
    request: { params: z.object({ hospitalId }), query: ScheduleQuery },
    responses: {
      200: json(ScheduleResponse, 'The schedule; `departmentId` is null and rows are services'),
      ...errors,
      404: json(Error, '`HOSPITAL_NOT_FOUND`'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/hospitals/{hospitalId}/places',
    summary:
      'The places the hospital’s feed publishes (SMART Scheduling Links Locations) and how it takes bookings',
    request: { params: z.object({ hospitalId }) },
    responses: {
      200: json(
        named('HospitalPlacesResponse', HospitalPlacesResponse),
        'Booking mode, sites and whether service schedules exist',
      ),
      404: json(Error, '`HOSPITAL_NOT_FOUND`'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/slots/{slotId}',
    summary: 'One 分时段 period',
    request: { params: z.object({ slotId: z.string().describe('hospital id + ":" + the source’s id') }) },
    responses: {
      200: json(named('SlotDetailResponse', SlotDetailResponse), 'The period, with its freshness'),
      404: json(Error, '`SLOT_NOT_FOUND`'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/search/earliest',
    summary: 'Earliest bookable periods of a department across the city',
    description:
      'Answered from the local store. `live=true` first asks the hospitals for changes within the configured deadline (default 800 ms); hospitals that did not answer in time are flagged in `sources[].live` and their stored slots are used.',
    request: { query: EarliestQuery },
    responses: {
      200: json(
        named('EarliestResponse', EarliestResponse),
        'Periods earliest first, and every source’s health',
      ),
      ...errors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/feeds/status',
    summary: 'Every hospital feed’s health: last success, last error, failures, slot count, lag',
    responses: { 200: json(named('FeedStatusResponse', FeedStatusResponse), 'One item per hospital') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/feeds/{hospitalId}/slot-events',
    summary: 'Slot events pushed by a hospital (signed)',
    description:
      'Headers `X-Feed-Timestamp` (unix milliseconds), `X-Feed-Nonce` and `X-Feed-Signature` = hex HMAC-SHA256(secret, timestamp + "\\n" + nonce + "\\n" + raw body). See docs/upstreams/slot-push.md.',
    request: {
      params: z.object({ hospitalId }),
      body: { content: { 'application/json': { schema: named('SlotEventBatch', SlotEventBatch) } } },
    },
    responses: {
      200: json(
        named('SlotEventsResponse', SlotEventsResponse),
        'Applied, duplicate, outdated and unknown counts',
      ),
      400: json(Error, '`VALIDATION_FAILED` or `MALFORMED_JSON`'),
      401: json(Error, '`SIGNATURE_INVALID`: bad signature, timestamp over 5 minutes off, or nonce reused'),
      404: json(Error, '`FEED_NOT_FOUND`'),
      413: json(Error, '`PAYLOAD_TOO_LARGE`'),
      415: json(Error, '`UNSUPPORTED_MEDIA_TYPE`'),
    },
  });

  // 就诊人: signed-in account only (bearer token) and after the privacy consent.
  const patientId = z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'pt_3Jx9Qw0ZkLmN8sTu' });
  const patientErrors = {
    401: json(Error, '`UNAUTHENTICATED` or `TOKEN_EXPIRED`'),
    403: json(Error, '`CONSENT_REQUIRED`'),
  };
  const patientBody = json(named('PatientResponse', PatientResponse), 'The patient, masked');
  registry.registerPath({
    method: 'get',
    path: '/api/v1/patients',
    summary: 'The account’s patients (就诊人), masked; at most 5',
    responses: {
      200: json(named('PatientListResponse', PatientListResponse), 'Masked list'),
      ...patientErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/patients',
    summary: 'Add a patient after the real-name check at the regional EMPI',
    request: { body: { content: { 'application/json': { schema: named('PatientInput', PatientInput) } } } },
    responses: {
      201: patientBody,
      400: json(Error, '`VALIDATION_FAILED` naming the field (checksum, birth date, name characters, phone)'),
      ...patientErrors,
      409: json(Error, '`PATIENT_LIMIT_REACHED`, `SELF_ALREADY_EXISTS` or `ID_NUMBER_TAKEN`'),
      422: json(Error, '`PERSON_NOT_FOUND`: the EMPI does not know this name and ID number'),
      502: json(
        Error,
        '`UPSTREAM_UNAVAILABLE`: the regional platform could not be asked; nothing was written',
      ),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/patients/{id}',
    request: { params: z.object({ id: patientId }) },
    responses: { 200: patientBody, ...patientErrors, 404: json(Error, '`PATIENT_NOT_FOUND`') },
  });
  const patientUpdate = named('PatientUpdate', PatientUpdate);
  for (const [method, summary] of [
    ['patch', 'Change name, phone or relation (the ID number is not editable)'],
    ['put', 'The same as PATCH, for clients that cannot send PATCH (wx.request)'],
  ] as const) {
    registry.registerPath({
      method,
      path: '/api/v1/patients/{id}',
      summary,
      request: {
        params: z.object({ id: patientId }),
        body: { content: { 'application/json': { schema: patientUpdate } } },
      },
      responses: {
        200: patientBody,
        400: json(Error, '`VALIDATION_FAILED` naming the field'),
        ...patientErrors,
        404: json(Error, '`PATIENT_NOT_FOUND`'),
        409: json(Error, '`SELF_ALREADY_EXISTS` or `ID_NUMBER_TAKEN` when becoming 本人'),
        422: json(Error, '`PERSON_NOT_FOUND` for a new name'),
        502: json(Error, '`UPSTREAM_UNAVAILABLE`'),
      },
    });
  }
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/patients/{id}',
    summary: 'Remove a patient (bookings keep referring to it)',
    request: { params: z.object({ id: patientId }) },
    responses: { 204: { description: 'Removed' }, ...patientErrors, 404: json(Error, '`PATIENT_NOT_FOUND`') },
  });

  registerAuthPaths(registry, named, Error);
  registerBookingPaths(registry, named, Error);
  registerHealthCardPaths(registry, named, Error);
  registerReportPaths(registry, named, Error);
  registerConsolePaths(registry, named, Error);

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Jiankang BFF',
      version: '1.0.0',
      description: `Backend-for-frontend of the Jiankang city health mini-program.\n\nEvery error answers with \`ErrorEnvelope\`. Error codes:\n${errorCodesText}`,
    },
    servers: [{ url: '/' }],
  });
}

/** Login, tokens and privacy consent (issue 5). */
function registerAuthPaths(
  registry: OpenAPIRegistry,
  named: <T extends z.ZodType>(name: string, schema: T) => T,
  Error: z.ZodType,
): void {
  const bearerAuth = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const security = [{ [bearerAuth.name]: [] }];
  const body = (name: string, schema: z.ZodType) => ({
    body: { content: { 'application/json': { schema: named(name, schema) } } },
  });
  const Tokens = named('TokenResponse', TokenResponse);
  const unauthenticated = json(Error, '`UNAUTHENTICATED` or `TOKEN_EXPIRED` (refresh, then retry)');

  registry.registerPath({
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Log in with a wx.login code',
    description:
      'Exchanges the code at WeChat (code2Session), finds or creates the account and answers a token pair. Limited per client IP per minute.',
    request: body('LoginRequest', LoginRequest),
    responses: {
      200: json(Tokens, 'Signed in'),
      400: json(Error, '`VALIDATION_FAILED`'),
      401: json(Error, '`LOGIN_CODE_INVALID`: invalid, expired or already used'),
      429: json(Error, '`RATE_LIMITED` (this IP, or WeChat’s quota); see Retry-After'),
      502: json(Error, '`UPSTREAM_UNAVAILABLE`: WeChat did not answer usefully'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/auth/refresh',
    summary: 'Rotate a refresh token',
    description:
      'Each refresh token works once. Presenting a spent one again revokes its whole family (every token of that login), so a client must never refresh twice in parallel.',
    request: body('RefreshRequest', RefreshRequest),
    responses: {
      200: json(Tokens, 'A new pair'),
      400: json(Error, '`VALIDATION_FAILED`'),
      401: json(Error, '`REFRESH_TOKEN_INVALID`'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: 'Log out: revoke the refresh token’s family',
    request: body('LogoutRequest', LogoutRequest),
    responses: {
      204: { description: 'Logged out (also for an unknown token)' },
      400: json(Error, '`VALIDATION_FAILED`'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/me',
    summary: 'The signed-in account and its privacy-notice consent',
    security,
    responses: { 200: json(named('MeResponse', MeResponse), 'The account'), 401: unauthenticated },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/me/consent',
    summary: 'Accept the privacy notice in force',
    description:
      'Append-only: every acceptance is recorded with its time. Personal routes answer 403 `CONSENT_REQUIRED` until the version in force is accepted.',
    security,
    request: body('ConsentRequest', ConsentRequest),
    responses: {
      201: json(named('ConsentResponse', ConsentResponse), 'Recorded'),
      400: json(Error, '`VALIDATION_FAILED` (e.g. not the version in force)'),
      401: unauthenticated,
    },
  });
}
