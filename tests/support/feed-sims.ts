import { startHospitalFeeds, type FeedKind, type HospitalFeedHandle } from '@jiankang/sim';
import type { ConfigOverrides } from '../../bff/src/config';

/** One hospital per feed style, ids from the directory seed (the regional simulator's orgCodes). */
export const E2E_FEEDS: readonly { id: string; kind: FeedKind; encoding?: 'gbk' }[] = [
  { id: 'hzszxrmyy', kind: 'fhir' },
  { id: 'hzszyyy', kind: 'smart-scheduling-links' },
  { id: 'blxrmyy', kind: 'his-xml', encoding: 'gbk' },
];

export interface E2EFeeds {
  handles: Map<string, HospitalFeedHandle>;
  /** Config overrides naming the simulators, with background polling off (the test syncs). */
  overrides: ConfigOverrides;
  close(): Promise<void>;
}

/**
 * Starts the hospital feed simulators on loopback and the registry that points the BFF at them.
 * `clocks` gives a simulator its own clock (by hospital id); the BFF keeps real time. `only`
 * starts just those hospitals (e.g. the booking e2e needs one).
 */
export async function startE2EFeeds(
  clocks: Partial<Record<string, () => Date>> = {},
  only?: readonly string[],
): Promise<E2EFeeds> {
  const chosen = only ? E2E_FEEDS.filter((f) => only.includes(f.id)) : E2E_FEEDS;
  const list = await startHospitalFeeds(
    chosen.map((f) => ({
      hospitalId: f.id,
      kind: f.kind,
      port: 0,
      ...(f.encoding && { encoding: f.encoding }),
      ...(clocks[f.id] && { now: clocks[f.id] }),
    })),
  );
  const handles = new Map(list.map((h) => [h.hospitalId, h]));
  return {
    handles,
    overrides: {
      hospitalRegistry: {
        hospitals: chosen.map((f) => ({
          id: f.id,
          adapter: f.kind,
          baseUrl: handles.get(f.id)!.url,
          ...(f.encoding && { encoding: f.encoding }),
        })),
      },
      feeds: { enabled: false },
    },
    close: () => Promise.all(list.map((h) => h.close())).then(() => undefined),
  };
}
