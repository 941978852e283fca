import { AppError } from '../../lib/app-error';
import { signClinicRequest, verifyClinicSignature, type ClinicAuthHeaders } from './clinic-signature';

const KEY = 'test-only-clinic-key-0123456789';
const NOW = 1_760_000_000_000;
const request = { method: 'POST', path: '/api/v1/clinic/verify', query: '', body: '{"code":"x"}' };

function headersFor(overrides: Record<string, string> = {}, key = KEY): ClinicAuthHeaders {
  const h = signClinicRequest(key, {
    ...request,
    hospitalId: 'hzszxrmyy',
    terminalId: 'win-01',
    timestamp: String(NOW),
    nonce: '0123456789abcdef0123',
  });
  const all = { ...h, ...overrides };
  return {
    hospital: all['X-JK-Hospital'],
    terminal: all['X-JK-Terminal'],
    timestamp: all['X-JK-Timestamp'],
    nonce: all['X-JK-Nonce'],
    signature: all['X-JK-Signature'],
  };
}

const verify = (headers: ClinicAuthHeaders, body = request.body, now = NOW) =>
  verifyClinicSignature(KEY, headers, { ...request, body: Buffer.from(body) }, now, 300_000);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('SIGNATURE_INVALID');
    return (err as AppError).message;
  }
  throw new Error('expected SIGNATURE_INVALID');
}

describe('clinic request signature', () => {
  it('when the terminal signed the request, then the caller is its hospital and terminal', () => {
    expect(verify(headersFor())).toEqual({
      hospitalId: 'hzszxrmyy',
      terminalId: 'win-01',
      nonce: '0123456789abcdef0123',
    });
  });

  it('when the worked example of docs/health-card.md is signed, then the signature is the documented one', () => {
    const h = signClinicRequest('dev-only-clinic-key-hzszxrmyy-change-me', {
      method: 'POST',
      path: '/api/v1/clinic/verify',
      query: '',
      hospitalId: 'hzszxrmyy',
      terminalId: 'reg-03',
      timestamp: '1767580200000',
      nonce: '5f2b9c0e7a1d4e3f8b6a0c9d',
      body: '{"code":"JK1.AAAA","terminalId":"reg-03","scene":"registration"}',
    });
    // Cross-checked with: printf '<canonical>' | openssl dgst -sha256 -hmac '<key>'
    expect(h['X-JK-Signature']).toBe('608069353a8baaf13a03ea8265629d4201bec8732655b8011f8c225e1b686657');
  });

  it.each([
    ['another hospital', { 'X-JK-Hospital': 'hzsdyrmyy' }, 'does not match'],
    ['another terminal', { 'X-JK-Terminal': 'win-02' }, 'does not match'],
    ['another timestamp', { 'X-JK-Timestamp': String(NOW + 1) }, 'does not match'],
    ['another nonce', { 'X-JK-Nonce': '0123456789abcdef0124' }, 'does not match'],
    ['no signature', { 'X-JK-Signature': '' }, 'X-JK-Signature'],
    ['an upper-case signature', {}, 'X-JK-Signature'],
    ['a short nonce', { 'X-JK-Nonce': 'abc' }, 'X-JK-Nonce'],
    ['a timestamp in seconds with a dot', { 'X-JK-Timestamp': '1760000000.5' }, 'X-JK-Timestamp'],
    ['a terminal with a space', { 'X-JK-Terminal': 'win 1' }, 'X-JK-Terminal'],
    ['no hospital', { 'X-JK-Hospital': '' }, 'X-JK-Hospital'],
  ])('when the headers carry %s, then it is refused', (name, overrides, names) => {
    const headers = headersFor(overrides);
    if (name === 'an upper-case signature') headers.signature = headers.signature?.toUpperCase();
    expect(refusal(() => verify(headers))).toContain(names);
  });

  it('when the body changed after signing, then it is refused', () => {
    expect(refusal(() => verify(headersFor(), '{"code":"y"}'))).toContain('does not match');
  });

  it('when signed with another hospital’s key, then it is refused', () => {
    expect(refusal(() => verify(headersFor({}, 'test-only-other-hospital-key-000')))).toContain(
      'does not match',
    );
  });

  it('when the clock is over the skew off either way, then it is refused, and within it accepted', () => {
    expect(refusal(() => verify(headersFor(), request.body, NOW + 300_001))).toContain('300 s');
    expect(refusal(() => verify(headersFor(), request.body, NOW - 300_001))).toContain('300 s');
    expect(verify(headersFor(), request.body, NOW + 300_000).terminalId).toBe('win-01');
  });
});
