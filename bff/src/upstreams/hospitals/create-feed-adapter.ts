import type { FeedAdapter, FeedAdapterConfig } from './common/feed-adapter';
import { FhirFeedAdapter } from './fhir/feed';
import { HisXmlFeedAdapter } from './his-xml/feed';
import { SmartFeedAdapter } from './smart-scheduling-links/feed';

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
