import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';

const REPO = path.resolve(__dirname, '../..');

function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when only the defaults are there, then they validate', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.wechat.appId).toBe('touristappid');
    const kinds = new Set(config.hospitalRegistry.hospitals.map((h) => h.adapter));
    expect(kinds).toEqual(new Set(['fhir', 'smart-scheduling-links', 'his-xml']));
  });

  it('when environment variables are set, then they win over config/', () => {
    const config = loadConfig({
      PORT: '8080',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/',
      TRUST_PROXY: 'true',
    });
    expect(config.http.port).toBe(8080);
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.mongodb.uri).toBe('mongodb://127.0.0.1:27017/');
    expect(config.http.trustProxy).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'http.port (PORT)'],
    [{ PORT: '70000' }, 'http.port (PORT)'],
    [{ LOG_LEVEL: 'loud' }, 'log.level (LOG_LEVEL)'],
    [{ REGIONAL_APP_SECRET: 'short' }, 'regional.appSecret (REGIONAL_APP_SECRET)'],
    [{ CORS_ORIGINS: 'not a url' }, 'http.corsOrigins.0 (CORS_ORIGINS)'],
    [{ MONGODB_URI: 'postgres://x' }, 'mongodb.uri (MONGODB_URI)'],
    [{ BODY_LIMIT: 'lots' }, 'http.bodyLimit (BODY_LIMIT)'],
    [{ TRUST_PROXY: 'yes' }, 'http.trustProxy (TRUST_PROXY)'],
  ])('when %p, then the error names %s on one line', (env, key) => {
    const message = errorOf(env);
    expect(message).toContain(`config error: ${key}`);
    expect(message).not.toContain('\n');
  });

  it('when HOSPITALS_FILE is not valid JSON, then the file is named', () => {
    expect(errorOf({ HOSPITALS_FILE: 'package-lock.json.missing' })).toMatch(
      /config error: .*package-lock\.json\.missing/,
    );
  });

  it('when a hospital registry entry names an unknown adapter, then the entry is named', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jk-reg-')), 'hospitals.json');
    writeFileSync(
      file,
      JSON.stringify({ hospitals: [{ id: 'hzszxrmyy', adapter: 'soap', baseUrl: 'http://x:1' }] }),
    );
    expect(errorOf({ HOSPITALS_FILE: file })).toContain('config error: hospitalRegistry.hospitals.0.adapter');
  });

  it('when the server starts with a bad value, then it prints one line and exits 1 without a stack', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'bff/src/server.ts'], {
      cwd: REPO,
      env: { ...process.env, PORT: 'abc', MONGODB_URI: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('config error: http.port (PORT)'),
    ]);
    expect(res.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('loadConfig: e-health card and clinic keys', () => {
  const productionSecrets = {
    NODE_ENV: 'production',
    JWT_SECRET: 'prod-jwt-secret-0123456789abcdefghijklmnop',
    DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    WECHAT_SECRET: 'prod-wechat-secret-0123456789',
  };
  const pem = '-----BEGIN PRIVATE KEY-----\\nMIGHAgEA\\n-----END PRIVATE KEY-----\\n';

  it('when production keeps the dev-only card signing key, then it refuses to start naming it', () => {
    expect(errorOf(productionSecrets)).toBe(
      'config error: healthCard.signingKey.privateKey (HEALTHCARD_SM2_KEY): production must set its own secret',
    );
  });

  it('when production has its key but a hospital keeps a dev-only clinic key, then that entry is named', () => {
    expect(errorOf({ ...productionSecrets, HEALTHCARD_SM2_KEY: pem })).toBe(
      'config error: hospitalRegistry.hospitals.0.clinicKey: production must set its own secret',
    );
  });

  it('when retired keys come as JSON in the environment, then they are read', () => {
    const config = loadConfig({
      HEALTHCARD_SM2_KEY_ID: '2',
      HEALTHCARD_SM2_RETIRED_KEYS: JSON.stringify([{ keyId: 1, privateKey: pem }]),
    });
    expect(config.healthCard.signingKey.keyId).toBe(2);
    expect(config.healthCard.retiredKeys).toEqual([{ keyId: 1, privateKey: pem }]);
  });

  it.each([
    [{ HEALTHCARD_SM2_KEY: 'not a key' }, 'healthCard.signingKey.privateKey (HEALTHCARD_SM2_KEY)'],
    [{ HEALTHCARD_SM2_RETIRED_KEYS: '[{' }, 'healthCard.retiredKeys (HEALTHCARD_SM2_RETIRED_KEYS)'],
    [{ HEALTHCARD_SM2_RETIRED_KEYS: '[{"keyId":1,"privateKey":"dev-only-x"}]' }, 'healthCard.retiredKeys'],
    [{ HEALTHCARD_VALIDITY_SECONDS: '30' }, 'healthCard.validitySeconds (HEALTHCARD_VALIDITY_SECONDS)'],
    [{ HEALTHCARD_OFFLINE_CODES: '0' }, 'healthCard.offlineCodes (HEALTHCARD_OFFLINE_CODES)'],
  ])('when %p, then the error names %s', (env, key) => {
    expect(errorOf(env)).toContain(`config error: ${key}`);
  });
});
