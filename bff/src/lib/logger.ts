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
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.sessionKey',
  '*.session_key',
  '*.secret',
  '*.appSecret',
  '*.password',
  '*.pin',
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
