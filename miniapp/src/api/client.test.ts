import Taro from '@tarojs/taro';
import { ApiError, buildQuery, newRequestId, request } from './client';

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { request: jest.fn() } }));

const fakeRequest = Taro.request as unknown as jest.Mock;

function answer(statusCode: number, data: unknown) {
  fakeRequest.mockResolvedValueOnce({ statusCode, data, header: {} });
}

function lastCall(): { url: string; method: string; header: Record<string, string>; timeout: number } {
  return fakeRequest.mock.calls.at(-1)[0];
}

beforeEach(() => fakeRequest.mockReset());

describe('buildQuery', () => {
  it('when every value is empty, then there is no query string', () => {
    expect(buildQuery()).toBe('');
    expect(buildQuery({ district: undefined, grade: null, q: '', page: undefined })).toBe('');
    expect(buildQuery({ q: '   ' })).toBe('');
  });

  it('when some values are empty, then only the others are sent, in order', () => {
    expect(buildQuery({ district: 'boluo', grade: '', q: undefined, page: 2, pageSize: 20 })).toBe(
      '?district=boluo&page=2&pageSize=20',
    );
  });

  it('when values hold Chinese, spaces or reserved characters, then they are percent-encoded', () => {
    expect(buildQuery({ q: '中心 医院&x=1' })).toBe('?q=%E4%B8%AD%E5%BF%83%20%E5%8C%BB%E9%99%A2%26x%3D1');
  });

  it('when a value has surrounding spaces, then it is trimmed; numbers and zero are kept', () => {
    expect(buildQuery({ q: '  惠州 ', page: 0, flag: false })).toBe(
      '?q=%E6%83%A0%E5%B7%9E&page=0&flag=false',
    );
  });
});

describe('request', () => {
  it('when the BFF answers 200, then the body is returned as the typed value', async () => {
    const body = {
      items: [],
      page: 1,
      pageSize: 20,
      total: 0,
      directory: { asOf: null, ageSeconds: null, stale: false },
    };
    answer(200, body);
    const res = await request<typeof body>('/hospitals', { query: { q: '', page: 1 } });
    expect(res).toEqual(body);
    expect(lastCall().url).toBe('/api/v1/hospitals?page=1');
    expect(lastCall().method).toBe('GET');
  });

  it('when called, then it sends a fresh X-Request-Id and a timeout', async () => {
    answer(200, {});
    answer(200, {});
    await request('/a');
    const first = lastCall().header['X-Request-Id'];
    await request('/a', { timeoutMs: 1234 });
    const second = lastCall();
    expect(first).toMatch(/^mp-[0-9a-z]+-[0-9a-z]{8}$/);
    expect(second.header['X-Request-Id']).not.toBe(first);
    expect(second.timeout).toBe(1234);
  });

  it('when the build defines API_BASE, then URLs start with it', async () => {
    (globalThis as Record<string, unknown>).API_BASE = 'http://127.0.0.1:3000/api/v1';
    try {
      answer(200, {});
      await request('/hospitals/x');
      expect(lastCall().url).toBe('http://127.0.0.1:3000/api/v1/hospitals/x');
    } finally {
      delete (globalThis as Record<string, unknown>).API_BASE;
    }
  });

  it('when the BFF answers with an error envelope, then it rejects with an ApiError carrying it', async () => {
    answer(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'pageSize must be ≤ 50',
        requestId: 'srv-1',
        field: 'pageSize',
      },
    });
    const err = await request('/hospitals', { query: { pageSize: 99 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'pageSize must be ≤ 50',
      requestId: 'srv-1',
      field: 'pageSize',
    });
  });

  it.each([
    [404, 'HOSPITAL_NOT_FOUND'],
    [429, 'RATE_LIMITED'],
    [503, 'DIRECTORY_NOT_READY'],
    [500, 'INTERNAL_ERROR'],
  ])('when the BFF answers %i %s, then the ApiError has that status and code', async (status, code) => {
    answer(status, { error: { code, message: 'm', requestId: 'r' } });
    await expect(request('/x')).rejects.toMatchObject({ status, code, field: undefined });
  });

  it('when a non-2xx answer has no envelope, then the code is BAD_RESPONSE with our request id', async () => {
    answer(502, '<html>Bad Gateway</html>');
    const err = (await request('/x').catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 502, code: 'BAD_RESPONSE' });
    expect(err.requestId).toBe(lastCall().header['X-Request-Id']);
  });

  it('when a 2xx answer is not a JSON object, then the code is BAD_RESPONSE', async () => {
    answer(200, null);
    await expect(request('/x')).rejects.toMatchObject({ status: 200, code: 'BAD_RESPONSE' });
  });

  it('when the network fails, then it rejects with ApiError NETWORK, status 0', async () => {
    fakeRequest.mockRejectedValueOnce({ errMsg: 'request:fail net::ERR_CONNECTION_REFUSED' });
    const err = await request('/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 0,
      code: 'NETWORK',
      message: expect.stringContaining('网络连接失败'),
    });
  });

  it('when the request times out, then the NETWORK error says so', async () => {
    fakeRequest.mockRejectedValueOnce(new Error('request:fail timeout'));
    await expect(request('/x')).rejects.toMatchObject({
      code: 'NETWORK',
      message: expect.stringContaining('超时'),
    });
  });
});

describe('newRequestId', () => {
  it('when called many times, then ids do not repeat', () => {
    const ids = new Set(Array.from({ length: 500 }, () => newRequestId()));
    expect(ids.size).toBe(500);
  });
});
