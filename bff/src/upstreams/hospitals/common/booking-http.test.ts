import { UpstreamError } from '../../../lib/upstream-error';
import { retryRead } from './booking-http';

const transient = () => new UpstreamError('booking:test', 'status', 'HTTP 503', true, 503);
const definite = () => new UpstreamError('booking:test', 'status', 'HTTP 400', false, 400);

describe('retryRead', () => {
  it('when a read fails transiently, then it is tried again until it answers', async () => {
    let calls = 0;
    const fn = jest.fn(async () => {
      calls += 1;
      if (calls < 3) throw transient();
      return 'ok';
    });
    await expect(retryRead(fn, 3)).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('when every attempt fails, then the last error is thrown after the given attempts', async () => {
    const fn = jest.fn(async () => {
      throw transient();
    });
    await expect(retryRead(fn, 2)).rejects.toMatchObject({ status: 503 });
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['a non-retryable UpstreamError', definite()],
    ['any other error', new TypeError('bug')],
  ])('when it fails with %s, then it is not tried again', async (_name, error) => {
    const fn = jest.fn(async () => {
      throw error;
    });
    await expect(retryRead(fn, 3)).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('when the caller aborts while waiting, then it stops', async () => {
    const controller = new AbortController();
    const fn = jest.fn(async () => {
      controller.abort();
      throw transient();
    });
    await expect(retryRead(fn, 3, controller.signal)).rejects.toMatchObject({ status: 503 });
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
