import type { ReportItem, ReportListItem, ReportSourceStatus } from '@jiankang/shared';
import { beijingDate } from '@jiankang/shared/domain';

export interface ReportGroup {
  /** Beijing date, YYYY-MM-DD. */
  date: string;
  hospitals: { hospitalId: string; hospitalName: string; reports: ReportListItem[] }[];
}

/** Newest day first; within a day one block per hospital, in the order they first appear. */
export function groupReports(items: readonly ReportListItem[]): ReportGroup[] {
  const sorted = [...items].sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
  const groups: ReportGroup[] = [];
  for (const r of sorted) {
    const date = beijingDate(r.issuedAt);
    let day = groups.at(-1);
    if (!day || day.date !== date) groups.push((day = { date, hospitals: [] }));
    let hospital = day.hospitals.find((h) => h.hospitalId === r.hospitalId);
    if (!hospital)
      day.hospitals.push(
        (hospital = { hospitalId: r.hospitalId, hospitalName: r.hospitalName, reports: [] }),
      );
    hospital.reports.push(r);
  }
  return groups;
}

const STATUS_WORDS: Record<ReportSourceStatus['status'], string> = {
  ok: '',
  partial: '部分报告暂无法显示',
  timeout: '响应超时',
  error: '暂时无法获取',
  stale: '暂时无法连接，显示的是之前获取的报告',
};

/** The notice naming every hospital whose reports may be missing or old; null when all answered. */
export function sourcesNotice(sources: readonly ReportSourceStatus[]): string | null {
  const bad = sources.filter((s) => s.status !== 'ok');
  if (bad.length === 0) return null;
  return bad
    .map((s) =>
      s.status === 'partial' && s.skippedCount
        ? `${s.hospitalName}${STATUS_WORDS.partial}（${s.skippedCount} 条记录无法读取）`
        : `${s.hospitalName}${STATUS_WORDS[s.status]}`,
    )
    .join('；');
}

/** 初步报告 / 已更正 beside a report whose status says it may still change or has changed. */
export function statusMark(status: ReportListItem['status']): string | null {
  if (status === 'preliminary' || status === 'registered' || status === 'partial') return '初步报告';
  if (status === 'amended' || status === 'corrected' || status === 'appended') return '已更正';
  return null;
}

/** ↑ 偏高 / ↓ 偏低: the arrow and the word, never colour alone. */
export function flagText(flag: ReportItem['flag']): { arrow: string; word: string } | null {
  if (flag === 'H') return { arrow: '↑', word: '偏高' };
  if (flag === 'L') return { arrow: '↓', word: '偏低' };
  return null;
}
