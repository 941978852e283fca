import { signRequest } from '../testing/signed-fetch';
import { canonicalQuery, canonicalString, computeSignature } from './signature';

// The worked example in docs/upstreams/regional-platform.md; the expected values were computed
// with Python's hashlib/hmac, not with this code.
const EXAMPLE = {
  method: 'GET',
  path: '/open/v1/hospitals',
  query: 'pageSize=2&page=1',
  appId: 'jk-bff-dev',
  timestamp: '1767225600000',
  nonce: 'q7Xk2mN9pL4vR8sT',
  body: '',
};
const EXAMPLE_CANONICAL = [
  'GET',
  '/open/v1/hospitals',
  'page=1&pageSize=2',
  'jk-bff-dev',
  '1767225600000',
  'q7Xk2mN9pL4vR8sT',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
].join('\n');
const EXAMPLE_SIGNATURE = '62a81b615b8b69672c6fe6eda2e90f7f2b2afbd53c14647300a3b37171c01232';

describe('request signature', () => {
  it('when signing the documented example, then the canonical string and signature match the doc', () => {
    const canonical = canonicalString(EXAMPLE);
    expect(canonical).toBe(EXAMPLE_CANONICAL);
    expect(computeSignature('dev-only-regional-secret-change-me', canonical)).toBe(EXAMPLE_SIGNATURE);
  });

  it('when the reference client signs the example, then it agrees with the server', () => {
    const { canonical, signature } = signRequest({
      ...EXAMPLE,
      query: [
        ['pageSize', '2'],
        ['page', '1'],
      ],
      secret: 'dev-only-regional-secret-change-me',
    });
    expect(canonical).toBe(EXAMPLE_CANONICAL);
    expect(signature).toBe(EXAMPLE_SIGNATURE);
  });

  it.each([
    ['', ''],
    ['b=2&a=1', 'a=1&b=2'],
    ['a=2&a=1&a=10', 'a=1&a=10&a=2'],
    ['name=%E4%B8%AD%E5%BF%83', 'name=%E4%B8%AD%E5%BF%83'],
    ['q=a+b&q=a%2Bb', 'q=a%20b&q=a%2Bb'],
    ['flag', 'flag='],
    ["k=it's(1)", "k=it's(1)"],
  ])('when the raw query is %p, then the canonical query is %p', (raw, expected) => {
    expect(canonicalQuery(raw)).toBe(expected);
  });

  it('when the body is not empty, then its SHA-256 is the last line', () => {
    const canonical = canonicalString({ ...EXAMPLE, method: 'post', body: '{"a":1}' });
    expect(canonical.split('\n')[0]).toBe('POST');
    expect(canonical.split('\n')[6]).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });
});
