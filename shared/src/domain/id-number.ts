/**
 * Identity documents a patient (就诊人) may be registered with, and their format checks.
 * Pure functions with no zod, so the mini-program can validate a form inline with them.
 */

export const ID_TYPES = [
  { code: 'resident_id', name: '居民身份证' },
  { code: 'hk_macau_permit', name: '港澳居民来往内地通行证' },
  { code: 'taiwan_permit', name: '台湾居民来往大陆通行证' },
  { code: 'passport', name: '护照' },
] as const;

export type IdType = (typeof ID_TYPES)[number]['code'];
export const ID_TYPE_CODES = ID_TYPES.map((t) => t.code) as [IdType, ...IdType[]];

export function idTypeName(code: IdType): string {
  return ID_TYPES.find((t) => t.code === code)?.name ?? code;
}

export type Sex = 'M' | 'F';

export type ResidentIdResult =
  { ok: true; normalized: string; birthDate: string; sex: Sex } | { ok: false; reason: string };

/** GB 11643-1999 weights of the first 17 digits, and the check character for each sum mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** Today in Beijing as YYYYMMDD (birth dates are Beijing calendar dates). */
function beijingToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const EARLIEST_BIRTH_YEAR = 1800;

/**
 * 居民身份证: 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), check character.
 * Surrounding spaces are ignored and a lowercase x is read as X.
 */
export function validateResidentId(raw: string, now: Date = new Date()): ResidentIdResult {
  const value = raw.trim().toUpperCase();
  if (value.length === 0) return { ok: false, reason: '请输入身份证号' };
  if (!/^[0-9]{17}[0-9X]$/.test(value)) {
    return /^[0-9X]*$/.test(value) && value.length !== 18
      ? { ok: false, reason: `身份证号应为18位，当前${value.length}位` }
      : { ok: false, reason: '身份证号只能包含数字，最后一位可以是X' };
  }
  const province = Number(value.slice(0, 2));
  if (province < 11 || province > 82 || value.startsWith('000000'))
    return { ok: false, reason: '身份证号的地区码不正确' };

  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (!isRealDate(y, m, d)) return { ok: false, reason: '身份证号中的出生日期不存在' };
  const birth = value.slice(6, 14);
  // GB 11643 writes the birth date with a four-digit year and sets no floor, so the oldest
  // residents (born in the 1890s) are valid; a year before 1800 is a typing error, not a person.
  if (y < EARLIEST_BIRTH_YEAR) return { ok: false, reason: '身份证号中的出生日期早于1800年' };
  if (birth > beijingToday(now)) return { ok: false, reason: '身份证号中的出生日期晚于今天' };

  if (residentIdCheckChar(value.slice(0, 17)) !== value[17])
    return { ok: false, reason: '身份证号校验位不正确，请核对' };

  return {
    ok: true,
    normalized: value,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    sex: Number(value[16]) % 2 === 1 ? 'M' : 'F',
  };
}

export type IdDocumentResult = { ok: true; normalized: string } | { ok: false; reason: string };

/** Shapes of the other documents (the issuing authority's own check is not public). */
const OTHER_FORMATS: Record<Exclude<IdType, 'resident_id'>, { pattern: RegExp; reason: string }> = {
  // 回乡证: H (Hong Kong) or M (Macau) + 8 digits; older cards carry 10 digits.
  hk_macau_permit: {
    pattern: /^[HM][0-9]{8}([0-9]{2})?$/,
    reason: '港澳通行证号应为H或M开头加8位或10位数字',
  },
  // 台胞证: 8 digits since 2015; older booklets 10 digits.
  taiwan_permit: { pattern: /^([0-9]{8}|[0-9]{10})$/, reason: '台湾居民来往大陆通行证号应为8位或10位数字' },
  // Chinese passports are E/G/P… + 8 characters; foreign ones 5–17 letters and digits.
  passport: { pattern: /^(?=.*[0-9])[A-Z0-9]{5,17}$/, reason: '护照号应为5至17位字母和数字' },
};

/** Checks an ID number against its document type; the normalized value is what gets stored. */
export function validateIdDocument(type: IdType, raw: string, now: Date = new Date()): IdDocumentResult {
  if (type === 'resident_id') {
    const r = validateResidentId(raw, now);
    return r.ok ? { ok: true, normalized: r.normalized } : r;
  }
  const format = OTHER_FORMATS[type];
  if (!format) return { ok: false, reason: '证件类型不正确' };
  const value = raw.replace(/\s+/g, '').toUpperCase();
  if (value.length === 0) return { ok: false, reason: '请输入证件号码' };
  return format.pattern.test(value) ? { ok: true, normalized: value } : { ok: false, reason: format.reason };
}
