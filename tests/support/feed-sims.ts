import { startHospitalFeeds, type FeedKind, type FeedProfile, type HospitalFeedHandle } from '@jiankang/sim';
import type { ConfigOverrides } from '../../bff/src/config';

/** One hospital per feed style, ids from the directory seed (the regional simulator's orgCodes). */
export const FEED_SIMS: readonly { id: string; kind: FeedKind; encoding?: 'gbk' }[] = [
  { id: 'hzszxrmyy', kind: 'fhir' },
  { id: 'hzszyyy', kind: 'smart-scheduling-links' },
  { id: 'blxrmyy', kind: 'his-xml', encoding: 'gbk' },
];

export interface FeedSims {
  handles: Map<string, HospitalFeedHandle>;
  /** Config overrides naming the simulators, with background polling off (the test syncs). */
  overrides: ConfigOverrides;
  close(): Promise<void>;
}

export interface FeedSimOptions {
  /** A simulator's own clock, by hospital id; the BFF keeps real time. */
  clocks?: Partial<Record<string, () => Date>>;
  /** Start just these hospitals (e.g. the booking e2e needs one). */
  only?: readonly string[];
  /** More keys for a hospital's registry entry (a timeout, booking rules). */
  entry?: (hospitalId: string) => Record<string, unknown>;
  /**
   * Default enriched: the booking and slot suites check rules that need a fee, a release time or
   * 停诊, which only our extensions carry; tests/integration/standard-feeds.test.ts runs the
   * resident's whole path against the plain standard.
   */
  profile?: FeedProfile;
}

/**
 * Starts the hospital feed simulators on loopback and the registry that points the BFF at them:
 * one hospital per feed style, for integration and e2e suites alike.
 */
export async function startFeedSims(opts: FeedSimOptions = {}): Promise<FeedSims> {
  const { clocks = {}, only, entry, profile = 'enriched' } = opts;
  const chosen = only ? FEED_SIMS.filter((f) => only.includes(f.id)) : FEED_SIMS;
  const list = await startHospitalFeeds(
    chosen.map((f) => ({
      hospitalId: f.id,
      kind: f.kind,
      port: 0,
      profile,
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
          ...entry?.(f.id),
        })),
      },
      feeds: { enabled: false },
    },
    close: () => Promise.all(list.map((h) => h.close())).then(() => undefined),
  };
}
