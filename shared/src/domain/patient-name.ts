/**
 * A patient's real name as on the ID document: 2–30 characters of Chinese or Latin letters,
 * the middle dot of minority and foreign names (买买提·艾力) and single spaces.
 */
export type NameResult = { ok: true; normalized: string } | { ok: false; reason: string };

/** C0 controls, DEL, and the bidi controls that can make a name display as something else. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const ALLOWED = /^[\p{Script=Han}A-Za-z\u00c0-\u024f·]+( [\p{Script=Han}A-Za-z\u00c0-\u024f·]+)*$/u;

export const NAME_MIN = 2;
export const NAME_MAX = 30;

export function validatePatientName(raw: string): NameResult {
  if (FORBIDDEN.test(raw)) return { ok: false, reason: '姓名包含不可见的控制字符' };
  const value = raw.trim().replace(/ {2,}/g, ' ');
  const length = Array.from(value).length;
  if (length === 0) return { ok: false, reason: '请输入姓名' };
  if (length < NAME_MIN) return { ok: false, reason: '姓名至少2个字' };
  if (length > NAME_MAX) return { ok: false, reason: '姓名不能超过30个字' };
  if (!ALLOWED.test(value)) return { ok: false, reason: '姓名只能包含汉字、字母、间隔号·和空格' };
  if (value.startsWith('·') || value.endsWith('·') || value.includes('··'))
    return { ok: false, reason: '间隔号·不能在开头、结尾或连续出现' };
  return { ok: true, normalized: value };
}
