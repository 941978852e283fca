import type { Patient } from '@jiankang/shared';
import { residentIdCheckChar } from '@jiankang/shared/domain';
import {
  EMPTY_FORM,
  fieldOfServerError,
  relationChoices,
  toInput,
  toUpdate,
  validateField,
  validateForm,
  type PatientFormValues,
} from './form';

const id = (first17: string) => first17 + residentIdCheckChar(first17);
const good: PatientFormValues = {
  name: ' 张三明 ',
  idType: 'resident_id',
  idNumber: id('44130219900307123').toLowerCase(),
  phone: '+86 138 1234 5678',
  relation: 'self',
};
const patient = (over: Partial<Patient> = {}): Patient => ({
  id: 'pt_AAAAAAAAAAAAAAAA',
  name: '张*明',
  idType: 'resident_id',
  idNumberMasked: '441***********1234',
  phoneMasked: '138****5678',
  relation: 'child',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('patient form', () => {
  it('when the form is filled in well, then no errors and the body is normalized', () => {
    expect(validateForm(good, 'add')).toEqual({});
    expect(toInput(good)).toEqual({
      name: '张三明',
      idType: 'resident_id',
      idNumber: good.idNumber.toUpperCase(),
      phone: '13812345678',
      relation: 'self',
    });
  });

  it('when the form is empty, then every required field says what is missing', () => {
    expect(validateForm(EMPTY_FORM, 'add')).toEqual({
      name: '请输入姓名',
      idNumber: '请输入身份证号',
      phone: '请输入手机号',
      relation: '请选择与您的关系',
    });
    expect(toInput(EMPTY_FORM)).toBeUndefined();
  });

  it.each([
    ['idNumber', { idNumber: id('44130219900307123').slice(0, 17) }, '18位'],
    ['idNumber', { idNumber: id('44130220240230123') }, '出生日期不存在'],
    ['idNumber', { idNumber: id('44130220990101123') }, '晚于今天'],
    ['idNumber', { idNumber: '441302199003071230'.slice(0, 17) + 'Y' }, '只能包含数字'],
    ['idNumber', { idType: 'passport', idNumber: '护照' }, '护照号'],
    ['name', { name: '张\u202e三' }, '控制字符'],
    ['name', { name: '张' }, '至少2个字'],
    ['phone', { phone: '1234' }, '11位'],
  ] as const)('when %s is %p, then the message says %s', (field, patch, text) => {
    expect(validateField(field, { ...good, ...patch }, 'add')).toContain(text);
  });

  it('when a wrong check digit is typed, then the message asks to check it', () => {
    const number = id('44130219900307123');
    const wrong = number.slice(0, 17) + (number.endsWith('0') ? '1' : '0');
    expect(validateField('idNumber', { ...good, idNumber: wrong }, 'add')).toContain('校验位');
  });

  it('when editing, then blank name and phone mean keep them, and only changes are sent', () => {
    const blank = { ...good, name: '', phone: '', relation: 'child' as const };
    expect(validateForm(blank, 'edit')).toEqual({});
    expect(toUpdate(blank, patient())).toBeUndefined();
    expect(toUpdate({ ...blank, relation: 'parent' }, patient())).toEqual({ relation: 'parent' });
    expect(toUpdate({ ...blank, phone: '139 0000 1111' }, patient())).toEqual({ phone: '13900001111' });
    expect(toUpdate({ ...blank, name: '张' }, patient())).toBeUndefined();
  });

  it('when the account already has 本人, then 本人 is offered only to that patient', () => {
    const list = [patient({ id: 'pt_SELFSELFSELFSELF', relation: 'self' }), patient()];
    expect(relationChoices(list).map((r) => r.name)).toEqual(['子女', '父母', '配偶', '其他']);
    expect(relationChoices(list, 'pt_SELFSELFSELFSELF')[0]?.name).toBe('本人');
    expect(relationChoices([patient()])[0]?.name).toBe('本人');
  });

  it('maps the server-named field onto the form', () => {
    expect(fieldOfServerError('idNumber')).toBe('idNumber');
    expect(fieldOfServerError('__proto__')).toBeUndefined();
    expect(fieldOfServerError(undefined)).toBeUndefined();
  });
});
