/**
 * 电子健康卡: what a code is shown for, the card statuses of the regional platform, and the rules
 * of a static code's 6-digit PIN. Pure, so the mini-program's PIN form can run the same checks.
 */

/** What a code is shown for (the BFF's code format carries the same list as one byte each). */
export const CARD_SCENES = [
  { code: 'general', name: '通用' },
  { code: 'registration', name: '挂号' },
  { code: 'triage', name: '分诊' },
  { code: 'pharmacy', name: '取药' },
  { code: 'payment', name: '缴费' },
] as const;
export type CardScene = (typeof CARD_SCENES)[number]['code'];
export const CARD_SCENE_CODES = CARD_SCENES.map((s) => s.code) as [CardScene, ...CardScene[]];

export function cardSceneName(code: CardScene): string {
  return CARD_SCENES.find((s) => s.code === code)?.name ?? code;
}

/** As the regional platform keeps them: `frozen` is 挂失/冻结, `cancelled` (注销) is final. */
export const CARD_STATUSES = ['active', 'frozen', 'cancelled'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export const PIN_LENGTH = 6;

const digits = (pin: string) => Array.from(pin, Number);

/** Each digit one more (or one less) than the one before, wrapping 9 → 0: 123456, 890123, 654321. */
function isRun(pin: string, step: 1 | -1): boolean {
  const d = digits(pin);
  return d.every((v, i) => i === 0 || v === ((d[i - 1] as number) + step + 10) % 10);
}

/** A short block repeated: 121212, 123123 (000000 is a block of one). */
function isRepeat(pin: string): boolean {
  return [1, 2, 3].some((period) => pin === pin.slice(0, period).repeat(PIN_LENGTH / period));
}

/**
 * Why a PIN is too easy to guess whoever holds the card, or null: six digits only, and not a
 * repeat or a run. The first guesses anyone tries, and a printed static code is easy to steal.
 */
export function pinShapeProblem(pin: string): string | null {
  if (!/^[0-9]{6}$/.test(pin)) return '密码须为6位数字';
  if (isRepeat(pin)) return '密码不能是重复的数字（如000000、121212）';
  if (isRun(pin, 1) || isRun(pin, -1)) return '密码不能是连续的数字（如123456、654321）';
  return null;
}

/**
 * Why a PIN is guessable by someone who knows the person, or null: the birthday in the common
 * six-digit forms (YYMMDD, MMDDYY, DDMMYY) or the last six characters of the ID number.
 * `birthDate` is YYYY-MM-DD.
 */
export function pinPersonalProblem(
  pin: string,
  person: { birthDate?: string; idNumber?: string },
): string | null {
  const birth = person.birthDate?.match(/^[0-9]{2}([0-9]{2})-([0-9]{2})-([0-9]{2})$/);
  if (birth) {
    const [, yy, mm, dd] = birth;
    if ([`${yy}${mm}${dd}`, `${mm}${dd}${yy}`, `${dd}${mm}${yy}`].includes(pin)) return '密码不能是出生日期';
  }
  if (person.idNumber && person.idNumber.slice(-PIN_LENGTH) === pin) return '密码不能是证件号码的后6位';
  return null;
}
