import { gateOf, SINGLE_PROCESS, type ReplicaShared } from '../../lib/replica';
import type { Config } from '../../config';
import { createRateLimiter, type RateLimiter } from '../../lib/rate-limit';
import type { Logger } from '../../lib/logger';
import type { AccountModels } from '../../models/accounts';
import type { BookingModels } from '../../models/bookings';
import { createBookingAdapter } from '../../upstreams/hospitals/create-booking-adapter';
import { WechatMessageClient, type WechatMessaging } from '../../upstreams/wechat/messages';
import type { DirectoryStore } from '../directory-store';
import type { SlotRuntime } from '../slots/start-slots';
import { rulesFor, type BookingRules } from './booking-rules';
import { BookingService } from './booking-service';
import { Cleanup } from './cleanup';
import { HospitalCancellations } from './hospital-cancellations';
import { Idempotency } from './idempotency';
import type { HospitalBooking, PatientLookup } from './ports';
import { Reconciler } from './reconciler';
import { ReminderSender } from './reminder-sender';
import { VisitOutcomes } from './visit-outcomes';

export interface BookingRuntime {
  bookings: BookingService;
  idempotency: Idempotency;
  bookingLimiters: { perAccount: RateLimiter; perIp: RateLimiter };
  reconciler: Reconciler;
  /** Sends due reminders and 停诊 notices (also runs by itself every sendIntervalMs). */
  reminders: ReminderSender;
  /** Deletes expired idempotency keys, refresh tokens and auth claims (hourly). */
  cleanup: Cleanup;
  /** Settles past visits as attended / no_show from the hospitals' records (every visits.checkIntervalMs). */
  visits: VisitOutcomes;
  stop(): Promise<void>;
}

/**
 * The booking side of a replica: one booking adapter per registered hospital, the booking
 * service, idempotency keys, rate limits, the reconciler (run at start, then periodically) and
 * the 停诊 listener on slot writes, the reminder sender and the cleanup of expired records.
 */
export function startBookings(
  config: Config,
  models: { bookings: BookingModels; accounts: AccountModels },
  slots: SlotRuntime,
  store: DirectoryStore,
  patients: PatientLookup,
  logger: Logger,
  shared: ReplicaShared = SINGLE_PROCESS,
  wechat: WechatMessaging = new WechatMessageClient(config.wechat),
): BookingRuntime {
  const registry = config.hospitalRegistry.hospitals;
  const adapters = new Map<string, HospitalBooking>(registry.map((h) => [h.id, createBookingAdapter(h)]));
  const rules = new Map<string, BookingRules>(
    registry.map((h) => [
      h.id,
      rulesFor(config.booking.rules, h.booking as Partial<BookingRules> | undefined),
    ]),
  );
  const log = logger.child({ job: 'bookings' });
  const bookings = new BookingService(
    models.bookings,
    slots.index,
    store,
    patients,
    (id) => adapters.get(id),
    log,
    {
      rulesFor: (id) => rules.get(id) ?? config.booking.rules,
      hospitalTimeoutMs: config.booking.hospitalTimeoutMs,
      reminders: config.booking.reminders,
    },
  );
  const cancellations = new HospitalCancellations(models.bookings, bookings, slots.index, log);
  const unlisten = slots.changes.onChange(async (_hospitalId, change) => {
    if (change) await cancellations.onSlots(change.docs);
  });
  const reconciler = new Reconciler(models.bookings, bookings, (id) => adapters.get(id), log, {
    intervalMs: config.booking.reconcileIntervalMs,
    giveUpAfterMs: config.booking.giveUpAfterMs,
    timeoutMs: config.booking.hospitalTimeoutMs,
    gate: gateOf(shared, 'reconciler'),
  });
  reconciler.start();
  const reminders = new ReminderSender(
    models.bookings,
    async (accountId) =>
      (await models.accounts.Account.findById(accountId, { openid: 1 }).lean<{ openid: string }>().exec())
        ?.openid ?? null,
    wechat,
    logger.child({ job: 'reminders' }),
    {
      intervalMs: config.booking.reminders.sendIntervalMs,
      templateId: config.booking.reminders.templateId,
      gate: gateOf(shared, 'reminders'),
    },
  );
  reminders.start();
  const visits = new VisitOutcomes(models.bookings, bookings, (id) => adapters.get(id), log, {
    intervalMs: config.booking.visits.checkIntervalMs,
    graceMs: config.booking.visits.graceMinutes * 60_000,
    lookBackMs: config.booking.visits.lookBackDays * 24 * 60 * 60_000,
    timeoutMs: config.booking.hospitalTimeoutMs,
    gate: gateOf(shared, 'visit-outcomes'),
  });
  visits.start();
  const cleanup = new Cleanup(
    { bookings: models.bookings, accounts: models.accounts },
    logger.child({ job: 'cleanup' }),
    { gate: gateOf(shared, 'cleanup') },
  );
  cleanup.start();

  return {
    bookings,
    idempotency: new Idempotency(models.bookings),
    bookingLimiters: {
      perAccount: createRateLimiter({
        name: 'booking-account',
        points: config.booking.perAccountPerMinute,
        durationSeconds: 60,
        redis: shared.redis,
      }),
      perIp: createRateLimiter({
        name: 'booking-ip',
        points: config.booking.perIpPerMinute,
        durationSeconds: 60,
        redis: shared.redis,
      }),
    },
    reconciler,
    reminders,
    cleanup,
    visits,
    async stop() {
      unlisten();
      await Promise.all([reconciler.stop(), reminders.stop(), cleanup.stop(), visits.stop()]);
    },
  };
}
