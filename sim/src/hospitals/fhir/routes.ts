import type { Context, Middleware } from 'koa';
import { beijingDate, beijingMs, DAY_MS, isoBeijing } from '../beijing-time';
import type { FaultDialect } from '../feed-faults';
import { WINDOW_DAYS } from '../generate-slots';
import { originOf, sendCached } from '../http-cache';
import type { SlotBook } from '../slot-book';
import type { FeedProfile } from '../types';
import { fhirSlot, isPublished, operationOutcome, schedulesOf } from './resources';
import {
  dateFilter,
  encodePageToken,
  PAGE_PARAM,
  readCount,
  readPageToken,
  SearchError,
  tokenFilter,
} from './search';

export const FHIR_BASE = '/fhir';
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function outcome(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.set('Content-Type', FHIR_JSON);
  ctx.body = JSON.stringify(operationOutcome(code, message));
}

export const fhirDialect: FaultDialect = {
  serverError: (ctx) => outcome(ctx, 500, 'exception', 'internal server error (injected fault)'),
  throttled: (ctx, secs) => {
    ctx.set('Retry-After', String(secs));
    outcome(ctx, 429, 'throttled', `too many requests; retry after ${secs} s`);
  },
  text: (body) => (Buffer.isBuffer(body) ? body.toString('utf8') : String(body)),
  wire: (text) => text,
};

interface Resource {
  id: string;
  meta: { lastUpdated: string };
}

/** A searchset page of `matches` with self and next links; next carries an opaque page token. */
function searchset(ctx: Context, matches: Resource[], params: URLSearchParams, fallbackUpdated: string) {
  const count = readCount(params);
  const offset = readPageToken(params);
  const page = matches.slice(offset, offset + count);
  const base = `${originOf(ctx)}${ctx.path}`;
  const link = [{ relation: 'self', url: `${base}${ctx.querystring ? `?${ctx.querystring}` : ''}` }];
  if (offset + count < matches.length) {
    const next = new URLSearchParams(params);
    next.set(PAGE_PARAM, encodePageToken(offset + count));
    link.push({ relation: 'next', url: `${base}?${next.toString()}` });
  }
  const lastUpdated = matches.reduce(
    (max, r) => (Date.parse(r.meta.lastUpdated) > Date.parse(max) ? r.meta.lastUpdated : max),
    fallbackUpdated,
  );
  return {
    resourceType: 'Bundle',
    meta: { lastUpdated },
    type: 'searchset',
    total: matches.length,
    link,
    entry: page.map((resource) => ({
      fullUrl: `${originOf(ctx)}${FHIR_BASE}/${(resource as unknown as { resourceType: string }).resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

const codingsOf = (concepts: { coding: { system: string; code: string }[] }[]) =>
  concepts.flatMap((c) => c.coding);

/** FHIR R4 read/search for Schedule and Slot under /fhir (Appointment: ./appointments.ts). */
export function fhirRoutes(book: SlotBook, now: () => Date, profile: FeedProfile): Middleware {
  const hospitalId = book.hospitalId;
  return async (ctx, next) => {
    if (ctx.path !== FHIR_BASE && !ctx.path.startsWith(`${FHIR_BASE}/`)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD')
      return outcome(
        ctx,
        405,
        'not-supported',
        `${ctx.method} is not supported; Schedule and Slot are read-only`,
      );
    const [type, id, ...extra] = ctx.path.slice(FHIR_BASE.length + 1).split('/');
    const params = new URLSearchParams(ctx.querystring);
    const startMs = beijingMs(beijingDate(now().getTime()));
    const windowStart = isoBeijing(startMs, true);
    try {
      if (type === 'metadata' && !id) {
        return sendCached(ctx, JSON.stringify(capabilities()), FHIR_JSON);
      }
      if (type === 'Schedule' && extra.length === 0) {
        let schedules = schedulesOf(book, startMs, startMs + WINDOW_DAYS * DAY_MS, profile);
        if (id) {
          const one = schedules.find((s) => s.id === id);
          if (!one) return outcome(ctx, 404, 'not-found', `Schedule/${id} is not known`);
          return sendCached(ctx, JSON.stringify(one), FHIR_JSON);
        }
        const actor = params.get('actor');
        const specialty = tokenFilter(params, 'specialty');
        const service = tokenFilter(params, 'service-type');
        if (actor) schedules = schedules.filter((s) => s.actor.some((a) => a.reference === actor));
        if (specialty) schedules = schedules.filter((s) => specialty(codingsOf(s.specialty)));
        if (service) schedules = schedules.filter((s) => service(codingsOf(s.serviceType)));
        return sendCached(ctx, JSON.stringify(searchset(ctx, schedules, params, windowStart)), FHIR_JSON);
      }
      if (type === 'Slot' && extra.length === 0) {
        if (id) {
          const slot = book.get(id);
          if (!slot || !isPublished(profile, slot))
            return outcome(ctx, 404, 'not-found', `Slot/${id} is not known`);
          return sendCached(ctx, JSON.stringify(fhirSlot(hospitalId, slot, profile)), FHIR_JSON);
        }
        const start = dateFilter(params, 'start');
        const updated = dateFilter(params, '_lastUpdated');
        const schedule = params
          .get('schedule')
          ?.split(',')
          .map((s) => s.replace(/^Schedule\//, ''));
        const statuses = params.get('status')?.split(',');
        const specialty = tokenFilter(params, 'specialty');
        const service = tokenFilter(params, 'service-type');
        const slots = book
          .list()
          .filter((s) => isPublished(profile, s))
          .filter((s) => !start || start(Date.parse(s.start)))
          .filter((s) => !updated || updated(Date.parse(s.lastUpdated)))
          .map((s) => fhirSlot(hospitalId, s, profile))
          .filter((s) => !schedule || schedule.includes(s.schedule.reference.slice('Schedule/'.length)))
          .filter((s) => !statuses || statuses.includes(s.status))
          .filter((s) => !specialty || specialty(codingsOf(s.specialty)))
          .filter((s) => !service || service(codingsOf(s.serviceType)));
        return sendCached(ctx, JSON.stringify(searchset(ctx, slots, params, windowStart)), FHIR_JSON);
      }
      return outcome(ctx, 404, 'not-found', `no route for ${ctx.path}`);
    } catch (err) {
      if (err instanceof SearchError) return outcome(ctx, 400, 'invalid', err.message);
      throw err;
    }
  };
}

function capabilities() {
  const search = (names: string[]) => names.map((name) => ({ name, type: 'token' }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        resource: [
          {
            type: 'Schedule',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: search(['actor', 'specialty', 'service-type', '_count']),
          },
          {
            type: 'Slot',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: search([
              'schedule',
              'start',
              'status',
              'specialty',
              'service-type',
              '_lastUpdated',
              '_count',
            ]),
          },
          {
            type: 'Appointment',
            interaction: [{ code: 'read' }, { code: 'create' }, { code: 'update' }, { code: 'search-type' }],
            conditionalCreate: true,
            searchParam: search(['identifier']),
          },
          // Served by ./report-routes.ts.
          {
            type: 'DiagnosticReport',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchInclude: ['DiagnosticReport:result'],
            searchParam: search(['patient.identifier', 'category', 'code', 'date', 'status', '_count']),
          },
          {
            type: 'Observation',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: search(['patient.identifier', 'category', 'code', 'date', '_count']),
          },
          { type: 'Binary', interaction: [{ code: 'read' }] },
        ],
      },
    ],
  };
}
