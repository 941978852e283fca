import { groupedCreate } from '../../lib/group-insert';
import { ClinicVerifyRequest, type ClinicVerifyResponse } from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import type { RateLimiter } from '../../lib/rate-limit';
import { parseInput } from '../../lib/validate';
import type { HealthCardModels } from '../../models/health-cards';
import { isDuplicateKey } from '../../models/push';
import {
  claimedHospital,
  verifyClinicSignature,
  type ClinicAuthHeaders,
  type ClinicRequestParts,
} from './clinic-signature';
import type { CodeVerification } from './verify-code';

export interface ClinicVerifierOptions {
  /** Hospital id → its terminals' HMAC key (config/hospitals.json `clinicKey`). */
  keys: ReadonlyMap<string, string>;
  maxSkewMs: number;
  perTerminal: RateLimiter;
  now: () => Date;
}

/** A code is 163 characters; this leaves room for a 10 kB scanner mishap to be answered CODE_MALFORMED. */
export const CLINIC_MAX_BODY_BYTES = 32 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const refuse = (message: string) => new AppError('SIGNATURE_INVALID', message);

/**
 * POST /clinic/verify: the terminal's signature, the clock, its rate and the nonce's single
 * use (a unique insert) first; only then is the body parsed and the code checked. A refused
 * request spends its nonce; a failure on our side gives it back, so the terminal may resend.
 */
export class ClinicVerifier {
  readonly maxBodyBytes = CLINIC_MAX_BODY_BYTES;

  constructor(
    private readonly models: HealthCardModels,
    private readonly verification: CodeVerification,
    private readonly opts: ClinicVerifierOptions,
  ) {
    this.createNonce = groupedCreate(models.ClinicNonce);
  }

  /** Many terminals' nonces at once share one write (group commit); a reused one still fails alone. */
  private readonly createNonce: (doc: { _id: string; expiresAt: Date }) => Promise<void>;

  /** SIGNATURE_INVALID unless the claimed hospital has clinic terminals; before the body is read. */
  keyOf(headers: ClinicAuthHeaders): string {
    const key = this.opts.keys.get(claimedHospital(headers));
    if (!key) throw refuse('This hospital has no clinic terminals registered with us');
    return key;
  }

  async verify(
    headers: ClinicAuthHeaders,
    request: Pick<ClinicRequestParts, 'method' | 'path' | 'query'>,
    rawBody: Buffer,
  ): Promise<ClinicVerifyResponse> {
    const now = this.opts.now();
    const caller = verifyClinicSignature(
      this.keyOf(headers),
      headers,
      { ...request, body: rawBody },
      now.getTime(),
      this.opts.maxSkewMs,
    );
    await this.opts.perTerminal.consume(`${caller.hospitalId}:${caller.terminalId}`);
    const nonceId = `${caller.hospitalId}#${caller.nonce}`;
    try {
      // Kept twice the skew: a request old enough to be forgotten fails the clock check anyway.
      await this.createNonce({
        _id: nonceId,
        expiresAt: new Date(now.getTime() + 2 * this.opts.maxSkewMs),
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw refuse('X-JK-Nonce was already used');
      throw err;
    }
    try {
      const input = parseBody(rawBody);
      if (input.terminalId !== caller.terminalId)
        throw new AppError(
          'VALIDATION_FAILED',
          "Invalid body field 'terminalId': not the signed X-JK-Terminal",
          {
            field: 'terminalId',
          },
        );
      return await this.verification.verify(caller, input);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500)
        await this.models.ClinicNonce.deleteOne({ _id: nonceId })
          .exec()
          .catch(() => undefined);
      throw err;
    }
  }
}

function parseBody(raw: Buffer): ClinicVerifyRequest {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(raw));
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new AppError('MALFORMED_JSON', 'Request body is not valid JSON (an object)');
  return parseInput(ClinicVerifyRequest, json, 'body');
}
