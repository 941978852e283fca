import type { FeedCheckVerdict, SourceStatus } from '@jiankang/shared';

/** Feed states as hospital IT reads them; always written out, never colour alone. */
export const STATUS_LABEL: Record<SourceStatus, string> = {
  ok: '正常',
  partial: '部分',
  stale: '未更新',
  error: '出错',
  circuit_open: '已熔断',
};

export const VERDICT_LABEL: Record<FeedCheckVerdict, string> = {
  ok: '完整读取',
  partial: '部分读取',
  unreadable: '无法读取',
};

export const KIND_LABEL: Record<string, string> = {
  'smart-scheduling-links': 'SMART Scheduling Links',
  fhir: 'FHIR R4',
  'his-xml': 'HIS XML',
};

/** 3 分钟前 / 2 小时前: the lag since the last good read. */
export function lagText(seconds: number | null): string {
  if (seconds === null) return '从未成功';
  if (seconds < 60) return `${seconds} 秒前`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} 分钟前`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)} 小时前`;
  return `${Math.floor(seconds / 86_400)} 天前`;
}

/** An instant in Beijing time, MM-DD HH:mm. */
export function beijingStamp(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
