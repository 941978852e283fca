export type UpstreamFailure = 'timeout' | 'network' | 'status' | 'auth' | 'malformed' | 'circuit_open';

/**
 * What an adapter throws when an upstream did not give a usable answer. `retryable` is decided
 * where the protocol is known (the adapter), so resilience policies stay generic.
 */
export class UpstreamError extends Error {
  constructor(
    readonly upstream: string,
    readonly kind: UpstreamFailure,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** How long the upstream asked us to wait (HTTP Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(`${upstream}: ${message}`);
    this.name = 'UpstreamError';
  }
}

export function isRetryable(err: unknown): boolean {
  return err instanceof UpstreamError && err.retryable;
}
