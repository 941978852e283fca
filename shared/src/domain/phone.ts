/** Mainland China mobile numbers: 11 digits starting 13–19; +86 / 86 and separators are dropped. */
export type PhoneResult = { ok: true; normalized: string } | { ok: false; reason: string };

const MOBILE = /^1[3-9][0-9]{9}$/;

export function validateMobile(raw: string): PhoneResult {
  let value = raw.trim().replace(/[\s-]/g, '');
  if (value.length === 0) return { ok: false, reason: '请输入手机号' };
  if (value.startsWith('+86')) value = value.slice(3);
  else if (value.startsWith('86') && value.length === 13) value = value.slice(2);
  if (!/^[0-9]+$/.test(value)) return { ok: false, reason: '手机号只能包含数字' };
  if (value.length !== 11) return { ok: false, reason: '手机号应为11位' };
  if (!MOBILE.test(value)) return { ok: false, reason: '请输入正确的手机号' };
  return { ok: true, normalized: value };
}
