import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  DoctorListResponse,
  ERROR_CODES,
  ErrorEnvelope,
  HealthResponse,
  HospitalDetailResponse,
  HospitalListQuery,
  HospitalListResponse,
  ReadinessResponse,
} from '@jiankang/shared';

// registry.register() names schemas through .openapi(), which this adds to zod's prototype. Zod 4
// copies methods onto each instance when it is made, so the shared schemas (made before this
// line ran) are cloned before registering.
extendZodWithOpenApi(z);

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const errorCodesText = Object.entries(ERROR_CODES)
  .map(([code, { status, description }]) => `- \`${code}\` (${status}): ${description}`)
  .join('\n');

/** The OpenAPI 3.1 document, built from the same zod schemas the BFF validates with. */
export function buildOpenApiDocument(): object {
  const registry = new OpenAPIRegistry();
  const named = <T extends z.ZodType>(name: string, schema: T) =>
    registry.register(name, schema.clone() as T);
  const Error = named('ErrorEnvelope', ErrorEnvelope);
  const List = named('HospitalListResponse', HospitalListResponse);
  const Detail = named('HospitalDetailResponse', HospitalDetailResponse);
  const Doctors = named('DoctorListResponse', DoctorListResponse);
  const errors = {
    400: json(Error, 'Invalid parameter; `error.field` names it'),
    503: json(Error, 'The directory has not been synced yet (`DIRECTORY_NOT_READY`)'),
  };
  const hospitalId = z.string().describe('Hospital id, e.g. hzszxrmyy');

  registry.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    responses: { 200: json(HealthResponse, 'Alive') },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: database and regional platform reachable',
    responses: {
      200: json(ReadinessResponse, 'Ready'),
      503: json(ReadinessResponse, 'Not ready, with reasons'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/hospitals',
    summary: 'Hospitals of the city, filtered and paged',
    request: { query: HospitalListQuery },
    responses: {
      200: json(List, 'A page of hospitals'),
      304: { description: 'Not modified (ETag)' },
      ...errors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/hospitals/{hospitalId}',
    summary: 'One hospital with its departments',
    request: { params: z.object({ hospitalId }) },
    responses: {
      200: json(Detail, 'The hospital'),
      404: json(Error, '`HOSPITAL_NOT_FOUND`'),
      503: errors[503],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/hospitals/{hospitalId}/departments/{deptId}/doctors',
    summary: 'Doctors of one department, senior first',
    request: { params: z.object({ hospitalId, deptId: z.string().describe('Department id, e.g. 0304') }) },
    responses: {
      200: json(Doctors, 'The doctors'),
      404: json(Error, '`HOSPITAL_NOT_FOUND` or `DEPARTMENT_NOT_FOUND`'),
      503: errors[503],
    },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Jiankang BFF',
      version: '1.0.0',
      description: `Backend-for-frontend of the Jiankang city health mini-program.\n\nEvery error answers with \`ErrorEnvelope\`. Error codes:\n${errorCodesText}`,
    },
    servers: [{ url: '/' }],
  });
}
