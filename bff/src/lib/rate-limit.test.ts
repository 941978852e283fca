import { AppError } from './app-error';
import { createRateLimiter } from './rate-limit';

describe('createRateLimiter (in-process)', () => {
  it('when a key is over its points, then RATE_LIMITED with Retry-After; other keys are unaffected', async () => {
    const limiter = createRateLimiter({ name: 'test', points: 2, durationSeconds: 60 });
    await limiter.consume('a');
    await limiter.consume('a');
    const err = await limiter.consume('a').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    const retryAfter = Number((err as AppError).headers?.['Retry-After']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expect(limiter.consume('b')).resolves.toBeUndefined();
  });
});
