import { toBeijingIso } from '@jiankang/shared/domain';
import { AppError } from '../../lib/app-error';
import type { IndexedSlot } from '../../models/slots';
import { statusAt } from '../slots/slot-view';

type Releasable = Pick<IndexedSlot, 'status' | 'releaseAt' | 'remaining'>;

/**
 * 放号: a period opens at its release time by this server's clock, whatever the resident's phone
 * says and whether or not a feed poll has seen it open yet (statusAt decides, as for reads).
 */
export function isUnreleased(slot: Releasable, now: Date): boolean {
  return statusAt(slot, now) === 'not_released';
}

/**
 * 409 SLOT_NOT_RELEASED naming the release time (details `releaseAt`, ISO 8601 with +08:00) and,
 * as Retry-After, the whole seconds until then, so a well-behaved client waits instead of polling.
 * A feed that says "not released" without a time gives neither.
 */
export function notReleasedError(slot: Releasable, now: Date): AppError {
  if (!slot.releaseAt) {
    return new AppError('SLOT_NOT_RELEASED', 'This period is not released for booking yet');
  }
  const at = new Date(slot.releaseAt);
  const seconds = Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));
  const iso = toBeijingIso(at);
  return new AppError('SLOT_NOT_RELEASED', `This period opens for booking at ${iso}`, {
    details: [{ field: 'releaseAt', message: iso }],
    headers: { 'Retry-After': String(seconds) },
  });
}
