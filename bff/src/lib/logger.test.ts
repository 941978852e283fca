import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('logger', () => {
  it('when a clinic request body or a PIN is logged by mistake, then the code text and the PIN are redacted', () => {
    const { lines, logger } = capture();
    const code = `JK1.${'A'.repeat(159)}`;
    logger.info({ pin: '802461', req: { body: { code, pin: '397140', scene: 'registration' } } }, 'careless');
    logger.info({ clinic: { input: { code } }, holder: { card: { pin: '135790' } } }, 'careless');
    const line = lines.join('');
    for (const secret of [code, '802461', '397140', '135790']) expect(line).not.toContain(secret);
    expect(line).toContain('registration');
  });

  it('when personal fields are logged by mistake, then they are redacted at any depth of one', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        patient: { idNumber: '44130219900101123X', phone: '13812345678', name: '张*明' },
        wechat: { session_key: 'c2Vzc2lvbmtleQ==', sessionKey: 'abc' },
        auth: { token: 'eyJhbGciOi', refreshToken: 'r1' },
        regional: { appSecret: 'dev-only-regional-secret-change-me' },
      },
      'careless',
    );
    const line = lines.join('');
    for (const secret of [
      '44130219900101123X',
      '13812345678',
      'c2Vzc2lvbmtleQ==',
      'eyJhbGciOi',
      'dev-only-regional',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
    expect(line).toContain('张*明');
  });

  it('when secrets sit deeper, in arrays, in headers or in a child logger, then they are redacted too; the object logged is not changed', () => {
    const { lines, logger } = capture();
    const logged = {
      req: { headers: { authorization: 'Bearer eyJsecret', 'user-agent': 'jest' } },
      batch: [{ patient: { contact: { phone: '13912345678' } } }],
      upstream: { request: { body: { name: '王小明', scene: 'triage' } } },
    };
    logger.child({ openid: 'o-secret-openid' }).info(logged, 'careless');
    const line = lines.join('');
    for (const secret of ['eyJsecret', '13912345678', '王小明', 'o-secret-openid'])
      expect(line).not.toContain(secret);
    expect(line).toContain('jest');
    expect(line).toContain('triage');
    expect(logged.req.headers.authorization).toBe('Bearer eyJsecret');
  });

  it('writes JSON lines with the service name and an ISO time', () => {
    const { lines, logger } = capture();
    logger.child({ reqId: 'r-1' }).info({ path: '/x' }, 'request');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ service: 'jiankang-bff', reqId: 'r-1', path: '/x', msg: 'request' });
    expect(entry.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
