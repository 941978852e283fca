const YUAN = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/**
 * 元 → integer fen without float drift: '15.10' → 1510, 15.1 → 1510. Undefined for anything that
 * is not a non-negative amount with at most two decimals.
 */
export function yuanToFen(value: string | number): number | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = YUAN.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
