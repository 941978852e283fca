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
