import type { SlotStatus } from '@jiankang/shared';

/** 停诊 wins, then not yet released, then 约满 (nothing left), else bookable. */
export function deriveStatus(f: { cancelled: boolean; released: boolean; remaining: number }): SlotStatus {
  if (f.cancelled) return 'cancelled';
  if (!f.released) return 'not_released';
  return f.remaining > 0 ? 'available' : 'full';
}

/** The jiankang `slot-state` extension shared by the FHIR and SMART feeds. */
export const SLOT_STATE_TO_STATUS: Record<string, SlotStatus> = {
  free: 'available',
  full: 'full',
  cancelled: 'cancelled',
  unreleased: 'not_released',
};
