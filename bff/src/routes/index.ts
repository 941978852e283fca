import Router from '@koa/router';
import type { Services } from '../services';
import { authRoutes } from './auth';
import { bookingRoutes } from './bookings';
import { clinicRoutes } from './clinic';
import { consoleRoutes } from './console';
import { feedEventRoutes } from './feed-events';
import { healthCardRoutes } from './health-cards';
import { healthRoutes } from './health';
import { hospitalRoutes } from './hospitals';
import { meRoutes } from './me';
import { openApiRoutes } from './openapi';
import { patientRoutes } from './patients';
import { reportRoutes } from './reports';
import { slotRoutes } from './slots';

/** Composes the resource routers; nothing else lives here. */
export function buildRouter(services: Services): Router {
  const api = new Router({ prefix: '/api/v1' });
  for (const r of [
    hospitalRoutes(services),
    slotRoutes(services),
    feedEventRoutes(services),
    authRoutes(services),
    meRoutes(services),
    patientRoutes(services),
    bookingRoutes(services),
    healthCardRoutes(services),
    clinicRoutes(services),
    reportRoutes(services),
    consoleRoutes(services),
    openApiRoutes(),
  ])
    api.use(r.routes(), r.allowedMethods());

  const root = new Router();
  const health = healthRoutes(services);
  root.use(health.routes(), health.allowedMethods());
  root.use(api.routes(), api.allowedMethods());
  return root;
}
