/**
 * The closed list of error codes the BFF answers with, their HTTP status and what they mean.
 * Clients switch on `code`, never on the message text. docs/API.md is generated from this.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, description: 'A parameter or body field is invalid; `field` names it.' },
  MALFORMED_JSON: { status: 400, description: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The body is not application/json.' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is over the configured limit.' },
  ORIGIN_NOT_ALLOWED: { status: 403, description: 'The browser origin is not on the CORS allowlist.' },
  ROUTE_NOT_FOUND: { status: 404, description: 'No such endpoint.' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'The endpoint exists but not for this HTTP method.' },
  HOSPITAL_NOT_FOUND: { status: 404, description: 'No hospital with this id in the directory.' },
  DEPARTMENT_NOT_FOUND: { status: 404, description: 'The hospital has no department with this id.' },
  SLOT_NOT_FOUND: { status: 404, description: 'No slot with this id (or it is no longer offered).' },
  FEED_NOT_FOUND: { status: 404, description: 'No hospital with this id pushes slot events to us.' },
  SIGNATURE_INVALID: {
    status: 401,
    description:
      'The request signature is wrong, or its timestamp is over 5 minutes off, or its nonce was used.',
  },
  UNAUTHENTICATED: {
    status: 401,
    description: 'No valid access token (missing, malformed, tampered or revoked).',
  },
  CONSOLE_KEY_INVALID: {
    status: 401,
    description: 'The hospital console key is wrong, or the hospital has no console.',
  },
  CONSOLE_FORBIDDEN: {
    status: 403,
    description: 'A hospital console session asked for another hospital’s feed.',
  },
  TOKEN_EXPIRED: { status: 401, description: 'The access token has expired; refresh it.' },
  LOGIN_CODE_INVALID: {
    status: 401,
    description: 'The WeChat login code is invalid, expired or already used.',
  },
  REFRESH_TOKEN_INVALID: {
    status: 401,
    description: 'The refresh token is unknown, expired or revoked (a reused one revokes its family).',
  },
  CONSENT_REQUIRED: {
    status: 403,
    description: 'The current privacy notice has not been accepted; personal data cannot be entered yet.',
  },
  PATIENT_NOT_FOUND: { status: 404, description: 'No patient with this id in this account.' },
  PATIENT_LIMIT_REACHED: { status: 409, description: 'An account has at most 5 patients.' },
  SELF_ALREADY_EXISTS: { status: 409, description: 'This account already has a patient who is 本人.' },
  ID_NUMBER_TAKEN: {
    status: 409,
    description: 'This ID number is already 本人 of another account, or already a patient of this one.',
  },
  PERSON_NOT_FOUND: {
    status: 422,
    description: 'The regional identity index (EMPI) does not know this name and ID number.',
  },
  CARD_APPLY_REFUSED: {
    status: 422,
    description:
      'The regional platform refused to issue an e-health card: the name or ID document does not match the person.',
  },
  CARD_NOT_FOUND: {
    status: 404,
    description: 'This patient has no e-health card here yet; apply with POST …/health-card first.',
  },
  CARD_NOT_ACTIVE: {
    status: 409,
    description:
      'The e-health card is frozen (挂失) or cancelled (注销) at the regional platform; no code works.',
  },
  CODE_MALFORMED: {
    status: 400,
    description: 'Not an e-health card code of ours: wrong prefix, length or characters, or cut off.',
  },
  CODE_TAMPERED: { status: 422, description: 'The code’s signature does not match its content.' },
  CODE_EXPIRED: { status: 422, description: 'The dynamic code is past its validity; show a fresh one.' },
  CODE_NOT_YET_VALID: {
    status: 422,
    description: 'The code belongs to a later window of an offline pack (or a clock is far off).',
  },
  CODE_REVOKED: {
    status: 422,
    description: 'The static code was replaced by a newer one; only the latest printed code works.',
  },
  CODE_SCENE_MISMATCH: {
    status: 422,
    description: 'The code was shown for another scene (e.g. 取药 at a registration window).',
  },
  CODE_REPLAYED: {
    status: 409,
    description: 'The dynamic code was already used; each one works once.',
  },
  PIN_REQUIRED: { status: 422, description: 'A static code needs the card holder’s 6-digit PIN.' },
  PIN_WRONG: {
    status: 422,
    description: 'The PIN does not match; after 5 wrong tries in 30 minutes the card’s static code locks.',
  },
  PIN_LOCKED: {
    status: 423,
    description:
      'Too many wrong PINs: the static code is locked for 30 minutes (see Retry-After), even with the right PIN.',
  },
  PIN_NOT_SET: {
    status: 409,
    description: 'Set the card’s PIN first; a static code is only issued with one.',
  },
  REPORT_NOT_FOUND: {
    status: 404,
    description: 'No report with this id for a patient of this account (also another account’s report).',
  },
  RECORDS_CONSENT_REQUIRED: {
    status: 403,
    description:
      'The resident has not yet agreed, for this patient, to see records from other hospitals (共享调阅); POST …/reports/consent first.',
  },
  BOOKING_NOT_FOUND: { status: 404, description: 'No booking with this id in this account.' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, description: 'Send an Idempotency-Key header (8–64 characters).' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    description: 'This Idempotency-Key was used with a different request body.',
  },
  REQUEST_IN_PROGRESS: {
    status: 409,
    description: 'The first request with this Idempotency-Key is still running; retry after Retry-After.',
  },
  SLOT_FULL: { status: 409, description: 'No seat left in this period (约满).' },
  BOOK_AT_HOSPITAL: {
    status: 409,
    description:
      'The hospital takes bookings only on its own page or by phone: see the slot’s `booking.link` / `booking.phone` (去医院预约).',
  },
  SLOT_NOT_RELEASED: { status: 409, description: 'The period is not released for booking yet (放号时间).' },
  SLOT_IN_PAST: { status: 409, description: 'The period has already started.' },
  SLOT_CANCELLED: { status: 409, description: 'The doctor’s session is cancelled (停诊).' },
  DUPLICATE_BOOKING: {
    status: 409,
    description: 'The patient already has a booking in this department on this day.',
  },
  TOO_MANY_ACTIVE_BOOKINGS: {
    status: 409,
    description: 'The patient has reached the limit of active bookings.',
  },
  NO_SHOW_BANNED: {
    status: 409,
    description: 'Booking is suspended for this patient after repeated no-shows (爽约).',
  },
  CANCEL_WINDOW_CLOSED: { status: 409, description: 'Too close to the visit to cancel online.' },
  BOOKING_NOT_CANCELLABLE: {
    status: 409,
    description: 'The booking is not in a state that can be cancelled.',
  },
  BOOKING_NOT_REBOOKABLE: {
    status: 409,
    description: 'Only a booking the hospital cancelled (停诊) can be rebooked, and only once.',
  },
  HOSPITAL_REJECTED: { status: 409, description: 'The hospital refused the booking; nothing was booked.' },
  RATE_LIMITED: { status: 429, description: 'Too many requests; retry after the Retry-After header.' },
  DIRECTORY_NOT_READY: {
    status: 503,
    description: 'The hospital directory has never been synced from the regional platform yet.',
  },
  NOT_READY: { status: 503, description: 'A dependency (database, regional platform) is unreachable.' },
  UPSTREAM_UNAVAILABLE: { status: 502, description: 'An upstream system did not answer usefully.' },
  INTERNAL_ERROR: { status: 500, description: 'An unexpected failure; the request id finds it in the logs.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];
