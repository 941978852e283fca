import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear. Personal data must never reach a log line even if
 * a developer logs a whole object by mistake (DESIGN.md, Data).
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.idNumber',
  '*.idCard',
  '*.phone',
  '*.mobile',
  // Patient data at the top level or two levels down (a logged request body, a logged input).
  'idNumber',
  'phone',
  'mobile',
  '*.*.idNumber',
  '*.*.phone',
  '*.*.mobile',
  // A 就诊人's name in clear (masked names are logged as `name`, e.g. 张*明).
  'realName',
  '*.realName',
  '*.input.name',
  '*.body.name',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.sessionKey',
  '*.session_key',
  '*.secret',
  '*.appSecret',
  '*.password',
  // E-health card: a PIN anywhere, and a code's text where a body or an input is logged.
  'pin',
  '*.pin',
  '*.*.pin',
  '*.body.code',
  '*.input.code',
  // WeChat login: the one-time code, the user's ids at WeChat and our tokens (top level too).
  'js_code',
  '*.js_code',
  'loginCode',
  '*.loginCode',
  'openid',
  '*.openid',
  'unionid',
  '*.unionid',
  'sessionKey',
  'session_key',
  'sessionKeySealed',
  '*.sessionKeySealed',
  'accessToken',
  'refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.jwtSecret',
  '*.dataKey',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'jiankang-bff' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
