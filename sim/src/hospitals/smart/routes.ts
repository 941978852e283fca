import type { Context, Middleware } from 'koa';
import { beijingDate, beijingMs, DAY_MS, isoBeijing } from '../beijing-time';
import type { FaultDialect } from '../feed-faults';
import { parseDateParam, SearchError } from '../fhir/search';
import {
  deptCodings,
  EXT,
  hospitalDeptSystem,
  isPublished,
  operationOutcome,
  scheduleId,
  slotExtensions,
} from '../fhir/resources';
import { WINDOW_DAYS } from '../generate-slots';
import { originOf, sendCached } from '../http-cache';
import type { SlotBook } from '../slot-book';
import type { FeedProfile, FeedSlot } from '../types';

export const SMART_EXT = 'http://fhir-registry.smarthealthit.org/StructureDefinition';
export const NDJSON = 'application/fhir+ndjson';
const JSON_TYPE = 'application/json; charset=utf-8';
export const CACHE_CONTROL = 'public, max-age=60';
const POSTAL_CODE = '516000';

function problem(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.set('Content-Type', 'application/fhir+json; charset=utf-8');
  ctx.body = JSON.stringify(operationOutcome(code, message));
}

export const smartDialect: FaultDialect = {
  serverError: (ctx) => problem(ctx, 500, 'exception', 'internal server error (injected fault)'),
  throttled: (ctx, secs) => {
    ctx.set('Retry-After', String(secs));
    problem(ctx, 429, 'throttled', `too many requests; retry after ${secs} s`);
  },
  text: (body) => (Buffer.isBuffer(body) ? body.toString('utf8') : String(body)),
  wire: (text) => text,
};

const ndjson = (items: unknown[]) => items.map((i) => `${JSON.stringify(i)}\n`).join('');

function smartSlot(origin: string, tel: string, s: FeedSlot, profile: FeedProfile) {
  const free = s.status === 'free' && s.released;
  return {
    resourceType: 'Slot',
    id: s.sourceSlotId,
    meta: { versionId: String(s.version), lastUpdated: s.lastUpdated },
    schedule: { reference: `Schedule/${scheduleId(s.doctorCode)}` },
    status: free ? 'free' : 'busy',
    start: s.start,
    end: s.end,
    extension: [
      // The spec's slot-capacity aggregates identical free slots: what can still be booked. A
      // busy Slot without it is one taken appointment, which is all a resident needs to know.
      ...(free ? [{ url: `${SMART_EXT}/slot-capacity`, valueInteger: s.remaining }] : []),
      {
        url: `${SMART_EXT}/booking-deep-link`,
        valueUrl: `${origin}/book?slot=${encodeURIComponent(s.sourceSlotId)}`,
      },
      { url: `${SMART_EXT}/booking-phone`, valueString: tel },
      ...(profile === 'enriched' ? slotExtensions(s) : []),
    ],
  };
}

/** SMART Scheduling Links: a $bulk-publish manifest and NDJSON files, one Slot file per Beijing date. */
export function smartRoutes(book: SlotBook, now: () => Date, profile: FeedProfile): Middleware {
  const { entry, doctors, depts } = book.plan;
  const tel = entry.hospital.tel;
  return async (ctx, next) => {
    const path = decodeURIComponent(ctx.path);
    const isManifest = path === '/$bulk-publish';
    const file = /^\/data\/(locations|schedules|slots-(\d{4}-\d{2}-\d{2}))\.ndjson$/.exec(path);
    if (!isManifest && !file && path !== '/book') return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD')
      return problem(ctx, 405, 'not-supported', `${ctx.method} is not supported`);
    const nowMs = now().getTime();
    const startMs = beijingMs(beijingDate(nowMs));
    const staticUpdated = startMs; // Location and Schedule change only when the window moves at midnight.
    try {
      const sinceRaw = ctx.query._since;
      if (Array.isArray(sinceRaw)) throw new SearchError('_since: give it once');
      // Inclusive: a record changed in the very millisecond of transactionTime is sent again, never lost.
      const sinceTest = sinceRaw === undefined ? undefined : parseDateParam('_since', `ge${sinceRaw}`);
      const changed = (iso: string | number) =>
        !sinceTest || sinceTest(typeof iso === 'number' ? iso : Date.parse(iso));
      const slots = book.list().filter((s) => isPublished(profile, s));

      if (path === '/book') {
        const slot = book.get(String(ctx.query.slot ?? ''));
        if (!slot || !isPublished(profile, slot)) return problem(ctx, 404, 'not-found', 'no such slot');
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = `<!doctype html><meta charset="utf-8"><title>预约挂号</title><h1>${entry.hospital.orgName}</h1><p>${slot.deptName} ${slot.doctorName} ${slot.start.slice(0, 16).replace('T', ' ')}，请在本院公众号完成预约，或致电 ${tel}。</p>`;
        return;
      }

      if (isManifest) {
        const suffix = sinceRaw === undefined ? '' : `?_since=${encodeURIComponent(sinceRaw)}`;
        const dates = [...new Set(slots.map((s) => s.date))];
        const output = [
          ...(changed(staticUpdated)
            ? [
                { type: 'Location', url: `${originOf(ctx)}/data/locations.ndjson${suffix}` },
                { type: 'Schedule', url: `${originOf(ctx)}/data/schedules.ndjson${suffix}` },
              ]
            : []),
          ...dates
            .filter((d) => slots.some((s) => s.date === d && changed(s.lastUpdated)))
            .map((d) => ({ type: 'Slot', url: `${originOf(ctx)}/data/slots-${d}.ndjson${suffix}` })),
        ];
        const manifest = {
          transactionTime: isoBeijing(nowMs, true),
          request: `${originOf(ctx)}${ctx.url}`,
          output,
          error: [],
        };
        // transactionTime moves every call, so the manifest carries no ETag; the files do.
        ctx.set('Cache-Control', CACHE_CONTROL);
        ctx.set('Content-Type', JSON_TYPE);
        ctx.body = JSON.stringify(manifest);
        return;
      }

      const [, name, date] = file as RegExpExecArray;
      let body: string;
      if (name === 'locations') {
        body = changed(staticUpdated) ? ndjson(locations(book, staticUpdated)) : '';
      } else if (name === 'schedules') {
        body = changed(staticUpdated) ? ndjson(schedules(book, startMs, doctors, depts, profile)) : '';
      } else {
        if (!slots.some((s) => s.date === date))
          return problem(ctx, 404, 'not-found', `no slots file for ${date}`);
        body = ndjson(
          slots
            .filter((s) => s.date === date && changed(s.lastUpdated))
            .map((s) => smartSlot(originOf(ctx), tel, s, profile)),
        );
      }
      sendCached(ctx, body, NDJSON, CACHE_CONTROL);
    } catch (err) {
      if (err instanceof SearchError) return problem(ctx, 400, 'invalid', err.message);
      throw err;
    }
  };
}

function locations(book: SlotBook, updatedMs: number) {
  const { hospital } = book.plan.entry;
  return hospital.campuses.map((c) => ({
    resourceType: 'Location',
    id: c.campusCode,
    meta: { lastUpdated: isoBeijing(updatedMs, true) },
    name: `${hospital.orgName}（${c.campusName}）`,
    telecom: [{ system: 'phone', value: hospital.tel }],
    address: {
      line: [c.address],
      city: '惠州市',
      district: hospital.areaName,
      state: '广东省',
      postalCode: POSTAL_CODE,
      country: 'CN',
    },
    position: { longitude: c.longitude, latitude: c.latitude },
  }));
}

function schedules(
  book: SlotBook,
  startMs: number,
  doctors: SlotBook['plan']['doctors'],
  depts: SlotBook['plan']['depts'],
  profile: FeedProfile,
) {
  const deptByCode = new Map(depts.map((d) => [d.deptCode, d]));
  return doctors.map((doc) => {
    const dept = deptByCode.get(doc.deptCode) as (typeof depts)[number];
    const common = {
      resourceType: 'Schedule',
      id: scheduleId(doc.doctorCode),
      meta: { lastUpdated: isoBeijing(startMs, true) },
      ...deptCodings(book.hospitalId, dept),
      planningHorizon: { start: isoBeijing(startMs), end: isoBeijing(startMs + WINDOW_DAYS * DAY_MS) },
    };
    // The 2025 HL7 edition: the Location and the PractitionerRole, each with a display.
    if (profile === 'standard')
      return {
        ...common,
        actor: [
          { reference: `Location/${dept.campusCode}` },
          { reference: `PractitionerRole/${doc.doctorCode}`, display: doc.doctorName },
        ],
      };
    return {
      ...common,
      // The first edition: exactly one actor, the Location; who and which department in our extensions.
      actor: [{ reference: `Location/${dept.campusCode}` }],
      extension: [
        {
          url: `${EXT}/schedule-practitioner`,
          valueReference: { reference: `Practitioner/${doc.doctorCode}`, display: doc.doctorName },
        },
        { url: `${EXT}/practitioner-title`, valueString: doc.titleName },
        {
          url: `${EXT}/schedule-department`,
          valueCoding: {
            system: hospitalDeptSystem(book.hospitalId),
            code: dept.deptCode,
            display: dept.deptName,
          },
        },
      ],
    };
  });
}
