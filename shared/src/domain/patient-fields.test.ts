import { validatePatientName } from './patient-name';
import { validateMobile } from './phone';
import { RELATIONS } from './relations';

describe('validatePatientName', () => {
  it.each([
    ['张三', '张三'],
    ['  欧阳娜娜 ', '欧阳娜娜'],
    ['买买提·艾力', '买买提·艾力'],
    ['John  Smith', 'John Smith'],
    ['Zoë Müller', 'Zoë Müller'],
  ])('accepts %p as %p', (raw, normalized) => {
    expect(validatePatientName(raw)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['a NUL', '张\u0000三', '控制字符'],
    ['a newline', '张三\n', '控制字符'],
    ['DEL', '张\u007f三', '控制字符'],
    ['RIGHT-TO-LEFT OVERRIDE', '张\u202e三', '控制字符'],
    ['FIRST STRONG ISOLATE', '张\u2068三', '控制字符'],
    ['LEFT-TO-RIGHT MARK', '张\u200e三', '控制字符'],
    ['one character', '张', '至少2个字'],
    ['31 characters', '张'.repeat(31), '不能超过30'],
    ['digits', '张三1', '只能包含'],
    ['emoji', '张三😀', '只能包含'],
    ['a leading dot', '·张三', '间隔号'],
    ['blank', '   ', '请输入'],
  ])('refuses a name with %s', (_case, raw, reason) => {
    const r = validatePatientName(raw);
    expect(r.ok ? '' : r.reason).toContain(reason);
  });
});

describe('validateMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['199-1234-5678', '19912345678'],
  ])('accepts %p as %p', (raw, normalized) => {
    expect(validateMobile(raw)).toEqual({ ok: true, normalized });
  });

  it.each(['12812345678', '1381234567', '138123456789', '0752-2054037', 'abc', ''])('refuses %p', (raw) => {
    expect(validateMobile(raw).ok).toBe(false);
  });
});

describe('RELATIONS', () => {
  it('lists 本人 first and the five relations of the form', () => {
    expect(RELATIONS.map((r) => r.name)).toEqual(['本人', '子女', '父母', '配偶', '其他']);
  });
});
