import type { BookingAdapterConfig, HospitalBookingAdapter } from './common/booking-adapter';
import { FhirBookingAdapter } from './fhir/booking';
import { HisBookingAdapter } from './his-xml/booking';
import { SmartBookingAdapter } from './smart-scheduling-links/booking';

/** The booking adapter for a registry entry (the same entries as the feeds): adding a hospital is config. */
export function createBookingAdapter(config: BookingAdapterConfig): HospitalBookingAdapter {
  switch (config.adapter) {
    case 'fhir':
      return new FhirBookingAdapter(config);
    case 'smart-scheduling-links':
      return new SmartBookingAdapter(config);
    case 'his-xml':
      return new HisBookingAdapter(config);
  }
}
