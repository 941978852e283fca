import { PatientInput, PatientUpdate } from './patients';

const good = {
  name: '张三明',
  idType: 'resident_id',
  idNumber: '11010519491231002x',
  phone: '+86 138 1234 5678',
  relation: 'self',
};

const firstField = (schema: typeof PatientInput | typeof PatientUpdate, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) return 'ok';
  const issue = r.error.issues[0];
  return issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
};

describe('PatientInput', () => {
  it('when the input is good, then the parsed value is normalized', () => {
    expect(PatientInput.parse(good)).toEqual({
      ...good,
      idNumber: '11010519491231002X',
      phone: '13812345678',
    });
  });

  it('when idType is left out, then it is 居民身份证', () => {
    const { idType: _omit, ...rest } = good;
    expect(PatientInput.parse(rest).idType).toBe('resident_id');
  });

  it.each([
    ['name', { name: { $ne: null } }],
    ['name', { name: '张\u202e三' }],
    ['idNumber', { idNumber: '11010519491231002' }],
    ['idNumber', { idNumber: '110105194912310021' }],
    ['phone', { phone: '12812345678' }],
    ['relation', { relation: 'friend' }],
    ['idType', { idType: 'driving_licence' }],
    ['__proto__', JSON.parse('{"__proto__": {"admin": true}}') as object],
    ['$where', { $where: '1' }],
  ])('when %s is bad, then it is named', (field, patch) => {
    expect(firstField(PatientInput, { ...good, ...patch })).toBe(field);
  });

  it('when a passport number is sent as a resident ID, then idNumber is named', () => {
    expect(firstField(PatientInput, { ...good, idNumber: 'E12345678' })).toBe('idNumber');
    expect(firstField(PatientInput, { ...good, idType: 'passport', idNumber: 'E12345678' })).toBe('ok');
  });
});

describe('PatientUpdate', () => {
  it('when the ID number is sent, then it is refused: it is not editable', () => {
    expect(firstField(PatientUpdate, { idNumber: good.idNumber })).toBe('idNumber');
  });

  it('when nothing is sent, then it is refused', () => {
    expect(PatientUpdate.safeParse({}).success).toBe(false);
  });

  it('when only the relation changes, then only it comes out', () => {
    expect(PatientUpdate.parse({ relation: 'parent' })).toEqual({ relation: 'parent' });
  });
});
