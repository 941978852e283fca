import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HealthResponse, ReadinessResponse } from '@jiankang/shared';
import { buildOpenApiDocument } from '../../bff/src/openapi/document';
import { startStack, type Stack } from '../support/stack';
import { getJson } from '../support/http';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('probes', () => {
  it('healthz says the process is alive', async () => {
    const res = await getJson(`${stack.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(HealthResponse.parse(res.body).status).toBe('ok');
  });

  it('readyz says ready when the database and the platform answer', async () => {
    const res = await getJson(`${stack.baseUrl}/readyz`);
    expect(res.status).toBe(200);
    const body = ReadinessResponse.parse(res.body);
    expect(body).toMatchObject({
      status: 'ready',
      checks: { database: { ok: true }, regionalPlatform: { ok: true } },
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('OpenAPI', () => {
  it('is served from the shared schemas and lists every endpoint', async () => {
    const res = await getJson<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: object };
    }>(`${stack.baseUrl}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/readyz',
        '/api/v1/hospitals',
        '/api/v1/hospitals/{hospitalId}',
        '/api/v1/hospitals/{hospitalId}/departments/{deptId}/doctors',
      ]),
    );
    expect(Object.keys(res.body.components.schemas)).toContain('ErrorEnvelope');
  });

  it('docs/openapi.json is the document the code generates (run `npm run openapi` after a contract change)', () => {
    const committed = JSON.parse(readFileSync(path.resolve(__dirname, '../../docs/openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });
});
