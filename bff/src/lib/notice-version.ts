import { AppError } from './app-error';

/**
 * A consent names the notice it accepts; only the one in force counts (the client showed an old
 * text otherwise). 400 naming `version` for any other.
 */
export function requireNoticeInForce(version: string, inForce: string): void {
  if (version === inForce) return;
  throw new AppError('VALIDATION_FAILED', `Invalid body field 'version': the notice in force is ${inForce}`, {
    field: 'version',
    details: [{ field: 'version', message: `expected ${inForce}` }],
  });
}
