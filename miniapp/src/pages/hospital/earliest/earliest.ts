import type { EarliestResponse, SourceReport } from '@jiankang/shared';

/**
 * Hospitals whose answer may be missing or old: their feed is not healthy, or a live refresh
 * asked them and got no answer in time. A hospital skipped by a live refresh is not listed.
 */
export function unreachableHospitals(sources: readonly SourceReport[]): string[] {
  return sources
    .filter((s) => s.status !== 'ok' || s.live === 'timeout' || s.live === 'failed')
    .map((s) => s.hospitalName);
}

/** "已实时查询 3 家医院（1.2 秒）" after a live refresh; null otherwise. */
export function liveSummary(res: Pick<EarliestResponse, 'live' | 'sources'>): string | null {
  if (!res.live) return null;
  const refreshed = res.sources.filter((s) => s.live === 'refreshed').length;
  const seconds = (res.live.elapsedMs / 1000).toFixed(1);
  return `已实时查询 ${refreshed}/${res.sources.length} 家医院（${seconds} 秒）`;
}
