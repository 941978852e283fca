import type { FeedAdapter, FeedAdapterConfig } from './feed-adapter';
import { FhirFeedAdapter } from './fhir/fhir-adapter';
import { HisXmlFeedAdapter } from './his-xml/his-adapter';
import { SmartFeedAdapter } from './smart/smart-adapter';

/** The adapter for a registry entry: adding a hospital is a config entry, not code. */
export function createFeedAdapter(config: FeedAdapterConfig): FeedAdapter {
  switch (config.adapter) {
    case 'fhir':
      return new FhirFeedAdapter(config);
    case 'smart-scheduling-links':
      return new SmartFeedAdapter(config);
    case 'his-xml':
      return new HisXmlFeedAdapter(config);
  }
}
