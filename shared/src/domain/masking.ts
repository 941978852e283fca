/**
 * How personal data is shown everywhere outside the encrypted store: responses, logs, screens.
 * 440***********123X · 张*明 · 欧阳** · 138****5678.
 */

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/** First 3 and last 4 of an 18-character ID; shorter documents show only their first and last 2. */
export function maskIdNumber(value: string): string {
  const chars = Array.from(value);
  if (chars.length >= 14)
    return chars.slice(0, 3).join('') + stars(chars.length - 7) + chars.slice(-4).join('');
  if (chars.length <= 3) return stars(chars.length);
  return chars[0] + stars(chars.length - 3) + chars.slice(-2).join('');
}

/** Two-character surnames stay whole: 欧阳娜娜 → 欧阳**, not 欧**娜. */
const COMPOUND_SURNAMES =
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 端木 独孤 南宫 西门 轩辕 澹台'.split(
    ' ',
  );

/** 张三 → 张*, 张三明 → 张*明, 欧阳娜娜 → 欧阳**, John Smith → J********h. */
export function maskName(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 1) return stars(chars.length);
  if (chars.length >= 3 && COMPOUND_SURNAMES.some((s) => value.startsWith(s)))
    return chars.slice(0, 2).join('') + stars(chars.length - 2);
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + stars(chars.length - 2) + chars[chars.length - 1];
}

/** 13812345678 → 138****5678. */
export function maskPhone(value: string): string {
  if (value.length < 8) return stars(value.length);
  return value.slice(0, 3) + stars(value.length - 7) + value.slice(-4);
}
