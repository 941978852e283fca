import { createHash, timingSafeEqual } from 'node:crypto';
import type { ConsoleSessionRequest, ConsoleSessionResponse } from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import type { RateLimiter } from '../../lib/rate-limit';
import type { ConsoleTokens } from './console-tokens';

export const OPERATOR = '*';

/** Equal-length digests, so the comparison takes the same time whatever the key sent. */
const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Hospital IT signs in with its hospital's console key (registry `consoleKey`); the operator with
 * CONSOLE_OPERATOR_KEY. Rate-limited per client address and per hospital, so a key cannot be
 * guessed from one address or many.
 */
export class ConsoleSignIn {
  private readonly keys: Map<string, Buffer>;

  constructor(
    hospitals: ReadonlyArray<{ id: string; consoleKey?: string }>,
    operatorKey: string,
    private readonly tokens: ConsoleTokens,
    private readonly limiters: { perIp: RateLimiter; perHospital: RateLimiter },
    private readonly nameOf: (hospitalId: string) => string,
  ) {
    this.keys = new Map(
      hospitals.flatMap((h) => (h.consoleKey ? [[h.id, digest(h.consoleKey)] as const] : [])),
    );
    if (operatorKey) this.keys.set(OPERATOR, digest(operatorKey));
  }

  /** The hospitals a session of this scope sees. */
  visible(scope: string): string[] {
    return scope === OPERATOR ? [...this.keys.keys()].filter((id) => id !== OPERATOR) : [scope];
  }

  async signIn(input: ConsoleSessionRequest, ip: string): Promise<ConsoleSessionResponse> {
    await this.limiters.perIp.consume(ip);
    await this.limiters.perHospital.consume(input.hospitalId);
    const expected = this.keys.get(input.hospitalId);
    // A hospital without a console is compared against a throwaway digest: same time, same answer.
    const ok = timingSafeEqual(expected ?? digest(`no console ${input.hospitalId}`), digest(input.key));
    if (!ok || !expected) throw new AppError('CONSOLE_KEY_INVALID', 'Hospital or console key is wrong');
    const scope = input.hospitalId;
    return {
      token: this.tokens.issue(scope),
      expiresIn: this.tokens.ttlSeconds,
      hospitalId: scope,
      hospitals: this.visible(scope).map((id) => ({ id, name: this.nameOf(id) })),
    };
  }
}
