import Koa from 'koa';
import { listen } from '../lib/listen';
import { createRng } from '../lib/prng';
import { feedAdminRoutes } from './admin-routes';
import { AppointmentBook } from './appointments';
import { FeedFaultSwitch, feedFaultMiddleware, type FaultDialect } from './feed-faults';
import { fhirAppointmentRoutes } from './fhir/appointments';
import { fhirReportRoutes } from './fhir/report-routes';
import { FHIR_BASE, fhirDialect, fhirRoutes } from './fhir/routes';
import { HIS_PATH, hisDialect, hisRoutes } from './his/routes';
import { SlotPusher, slotEvent } from './push';
import { reportAdminRoutes } from './report-admin-routes';
import { ReportBook } from '../reports/report-book';
import { SlotBook } from './slot-book';
import { smartBookingRoutes } from './smart/booking-api';
import { smartDialect, smartRoutes } from './smart/routes';
import { beijingDate, isoBeijing } from './beijing-time';
import type { FeedKind, FeedSlot, HospitalFeedHandle, HospitalFeedOptions } from './types';
import { FEED_KINDS, FEED_PROFILES } from './types';

export const DEFAULT_FEED_SEED = 'huizhou';

/** Where each kind's adapter points: the path appended to the server's origin. */
export const FEED_BASE_PATH: Readonly<Record<FeedKind, string>> = {
  fhir: FHIR_BASE,
  'smart-scheduling-links': '',
  'his-xml': HIS_PATH,
};

/** Each protocol's own appointment ids: FHIR `appt-000001`, SMART `sa-000001`, HIS 预约单号 `YY20260105000001`. */
const APPOINTMENT_IDS: Readonly<Record<FeedKind, (seq: number, nowMs: number) => string>> = {
  fhir: (seq) => `appt-${String(seq).padStart(6, '0')}`,
  'smart-scheduling-links': (seq) => `sa-${String(seq).padStart(6, '0')}`,
  'his-xml': (seq, nowMs) => `YY${beijingDate(nowMs).replaceAll('-', '')}${String(seq).padStart(6, '0')}`,
};

/**
 * One hospital's slot feed as a real HTTP server on its own port (each hospital has its own
 * host in reality). Admin knobs under /__admin are mounted before faults and never affected.
 */
export async function startHospitalFeed(opts: HospitalFeedOptions): Promise<HospitalFeedHandle> {
  if (!FEED_KINDS.includes(opts.kind)) throw new RangeError(`unknown feed kind "${String(opts.kind)}"`);
  if (opts.encoding && opts.kind !== 'his-xml')
    throw new RangeError('encoding applies to his-xml feeds only');
  const seed = opts.seed ?? DEFAULT_FEED_SEED;
  const now = opts.now ?? (() => new Date());
  const encoding = opts.encoding ?? 'utf-8';
  const profile = opts.profile ?? 'standard';
  if (!FEED_PROFILES.includes(profile)) throw new RangeError(`unknown feed profile "${String(profile)}"`);
  const book = new SlotBook(opts.hospitalId, seed, now);
  if (opts.rush) book.setRush(opts.rush);
  // SMART Scheduling Links publishes slots only; FHIR and HIS hospitals also serve reports.
  const reports =
    opts.kind === 'smart-scheduling-links' ? undefined : new ReportBook(opts.hospitalId, seed, now);
  const faults = new FeedFaultSwitch();
  const closing = new AbortController();
  const pusher = opts.push ? new SlotPusher(opts.push, closing.signal) : undefined;
  let rng = createRng(`${String(seed)}:${opts.hospitalId}:faults`);

  const pushChanges = (type: 'slot.updated' | 'session.cancelled', slots: FeedSlot[]) => {
    const at = isoBeijing(now().getTime(), true);
    pusher?.send(slots.map((s) => slotEvent(opts.hospitalId, type, s, at)));
  };
  const pushed = (slot: FeedSlot) => {
    pushChanges('slot.updated', [slot]);
    return slot;
  };
  // Bookings take and give back seats through the same path as the admin knobs (and push alike).
  const appointments = new AppointmentBook(book, now, APPOINTMENT_IDS[opts.kind], {
    take: (id) => pushed(book.take(id)),
    free: (id) => pushed(book.free(id)),
  });

  const dialect: FaultDialect =
    opts.kind === 'fhir' ? fhirDialect : opts.kind === 'his-xml' ? hisDialect(encoding) : smartDialect;
  const protocol =
    opts.kind === 'fhir'
      ? fhirRoutes(book, now, profile)
      : opts.kind === 'his-xml'
        ? hisRoutes(book, encoding, now, appointments, reports)
        : smartRoutes(book, now, profile);
  // HIS bookings are 交易代码 on the same endpoint, handled inside hisRoutes.
  const booking =
    opts.kind === 'fhir'
      ? fhirAppointmentRoutes(appointments)
      : opts.kind === 'smart-scheduling-links'
        ? smartBookingRoutes(appointments)
        : undefined;

  const app = new Koa();
  const admin = feedAdminRoutes(() => handle, faults);
  app.use(admin.routes());
  app.use(admin.allowedMethods());
  const reportAdmin = reportAdminRoutes(reports);
  app.use(reportAdmin.routes());
  app.use(reportAdmin.allowedMethods());
  app.use(feedFaultMiddleware({ faults, random: () => rng.next(), signal: closing.signal, dialect }));
  if (booking) app.use(booking);
  if (opts.kind === 'fhir' && reports)
    app.use(
      fhirReportRoutes(reports, {
        enrichments: profile === 'enriched',
        foreignReport: () => faults.current.foreignReport,
      }),
    );
  app.use(protocol);
  app.use((ctx) => {
    // Anything else: the protocol's own 404.
    ctx.status = 404;
  });
  app.on('error', (err: unknown) => {
    if ((err as { code?: string }).code === 'ECONNRESET' || closing.signal.aborted) return;
    console.error(`hospital feed ${opts.hospitalId}:`, err);
  });

  const server = await listen(app, opts.port ?? 0, opts.host ?? '127.0.0.1');
  const handle: HospitalFeedHandle = {
    url: `${server.url}${FEED_BASE_PATH[opts.kind]}`,
    origin: server.url,
    port: server.port,
    hospitalId: opts.hospitalId,
    kind: opts.kind,
    profile,
    setFaults: (f) => void faults.set(f),
    reset() {
      faults.reset();
      book.reset();
      appointments.reset();
      reports?.reset();
      pusher?.clear();
      rng = createRng(`${String(seed)}:${opts.hospitalId}:faults`);
    },
    takeSlot: (id, n = 1) => void pushed(book.take(id, n)),
    freeSlot: (id, n = 1) => void pushed(book.free(id, n)),
    cancelSession: (id) => pushChanges('session.cancelled', book.cancelSession(id)),
    scheduleRush: (spec) => book.setRush(spec),
    listSlots: () => book.list(),
    addReport(spec) {
      if (!reports) throw new RangeError(`hospital ${opts.hospitalId} (${opts.kind}) serves no reports`);
      return reports.add(spec).report;
    },
    reportsOf: (masterId) => reports?.forPerson(masterId) ?? [],
    appointments: () => appointments.list(),
    findAppointment: (reference) => appointments.byRef(reference),
    recordVisit: (reference, outcome) => appointments.recordVisit(reference, outcome),
    pushLog: () => pusher?.entries() ?? [],
    flushPushes: () => pusher?.flush() ?? Promise.resolve(),
    replayLastPush: (o) => {
      if (!pusher) return Promise.reject(new RangeError(`hospital ${opts.hospitalId} does not push`));
      return pusher.replayLast(o);
    },
    close() {
      closing.abort(new Error('hospital feed simulator closed'));
      return server.close();
    },
  };
  return handle;
}

/** Starts several feeds; if one fails to start, the ones already started are closed. */
export async function startHospitalFeeds(
  list: readonly HospitalFeedOptions[],
): Promise<HospitalFeedHandle[]> {
  const started: HospitalFeedHandle[] = [];
  try {
    for (const opts of list) started.push(await startHospitalFeed(opts));
    return started;
  } catch (err) {
    await Promise.all(started.map((h) => h.close()));
    throw err;
  }
}
