import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Keys whose values never reach a log line, at any depth, even if a developer logs a whole object
 * by mistake (DESIGN.md, Data). One walk over each logged object with a set look-up per key: pino's
 * path-based `redact` with wildcards cost about 70 µs a line here, a fifth of a core at 3,000
 * requests a second, for every request's access line.
 */
const SECRET_KEYS = new Set([
  'authorization',
  'cookie',
  'idNumber',
  'idCard',
  'phone',
  'mobile',
  // A 就诊人's name in clear (masked names are logged as `name`, e.g. 张*明).
  'realName',
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'sessionKey',
  'session_key',
  'sessionKeySealed',
  'secret',
  'appSecret',
  'password',
  'jwtSecret',
  'dataKey',
  // E-health card PINs.
  'pin',
  // WeChat login: the one-time code and the user's ids at WeChat.
  'js_code',
  'loginCode',
  'openid',
  'unionid',
]);

/** Inside a logged request body or use-case input, `name` is a real name and `code` a card code. */
const SECRET_IN_INPUT = new Set(['name', 'code']);
const INPUT_KEYS = new Set(['body', 'input']);
const CENSOR = '[redacted]';
const MAX_DEPTH = 6;

function redact(value: unknown, parentKey: string, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || value instanceof Error)
    return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const r = redact(v, parentKey, depth + 1);
      if (r !== v) (out ??= [...value])[i] = r;
    });
    return out ?? value;
  }
  const inInput = INPUT_KEYS.has(parentKey);
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    const r = SECRET_KEYS.has(k) || (inInput && SECRET_IN_INPUT.has(k)) ? CENSOR : redact(v, k, depth + 1);
    if (r !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = r;
  }
  // Unchanged objects are passed through as they are: the usual line costs one walk, no copy.
  return out ?? value;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'jiankang-bff' },
      formatters: { log: (obj) => redact(obj, '', 0) as Record<string, unknown> },
      // A child logger's bindings skip `formatters.log`; plain top-level paths (no wildcards) are
      // cheap for pino's own redaction and cover them.
      redact: { paths: [...SECRET_KEYS], censor: CENSOR },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
