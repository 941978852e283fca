import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  ConsoleFeedCheckRequest,
  ConsoleFeedDetail,
  ConsoleFeedsResponse,
  ConsoleSessionRequest,
  ConsoleSessionResponse,
  FeedCheckReport,
} from '@jiankang/shared';

type Named = <T extends z.ZodType>(name: string, schema: T) => T;

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Hospital IT's feed console (issue 13 item 7): sign-in, feed health, feed check. */
export function registerConsolePaths(registry: OpenAPIRegistry, named: Named, Error: z.ZodType): void {
  const security = [{ bearerAuth: [] }];
  const signedIn = {
    401: json(Error, '`UNAUTHENTICATED` (no console token; a resident token is refused) or `TOKEN_EXPIRED`'),
  };
  const Report = named('FeedCheckReport', FeedCheckReport);

  registry.registerPath({
    method: 'post',
    path: '/api/v1/console/sessions',
    summary: 'Sign in to the feed console with a hospital console key',
    description:
      'The key is the registry’s `consoleKey` of the hospital (or CONSOLE_OPERATOR_KEY with hospitalId `*`). Compared in constant time; rate-limited per address and per hospital. The token works on /console routes only.',
    request: {
      body: {
        content: { 'application/json': { schema: named('ConsoleSessionRequest', ConsoleSessionRequest) } },
      },
    },
    responses: {
      201: json(named('ConsoleSessionResponse', ConsoleSessionResponse), 'A console session'),
      400: json(Error, '`VALIDATION_FAILED` naming `hospitalId` or `key`'),
      401: json(Error, '`CONSOLE_KEY_INVALID`'),
      429: json(Error, '`RATE_LIMITED`'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/console/feeds',
    summary: 'Feed health of the hospitals this session sees',
    security,
    responses: {
      200: json(named('ConsoleFeedsResponse', ConsoleFeedsResponse), 'One item per hospital'),
      ...signedIn,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/console/feeds/{hospitalId}',
    summary:
      'One hospital’s feed health: status, errors, skipped samples, file problems, push log, slots per day',
    security,
    request: { params: z.object({ hospitalId: z.string().describe('Hospital id, e.g. hzszxrmyy') }) },
    responses: {
      200: json(named('ConsoleFeedDetail', ConsoleFeedDetail), 'The feed’s health'),
      ...signedIn,
      403: json(Error, '`CONSOLE_FORBIDDEN` (another hospital’s feed)'),
      404: json(Error, '`HOSPITAL_NOT_FOUND` (no slot feed registered)'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/console/feed-check',
    summary: 'Fetch the hospital’s feed once and report on it (as `npm run feed:check`)',
    description:
      'Nothing is stored. The registered feed URL by default; another URL must be on the registered origin (the console is not a fetch proxy). An unreadable feed is a 200 report with verdict `unreadable`.',
    security,
    request: {
      body: {
        content: {
          'application/json': { schema: named('ConsoleFeedCheckRequest', ConsoleFeedCheckRequest) },
        },
      },
    },
    responses: {
      200: json(Report, 'The conformance report'),
      400: json(Error, '`VALIDATION_FAILED` naming `url` (not http(s), or another origin) or `hospitalId`'),
      ...signedIn,
      403: json(Error, '`CONSOLE_FORBIDDEN`'),
    },
  });
}
