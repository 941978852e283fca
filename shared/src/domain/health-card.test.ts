import { CARD_SCENE_CODES, cardSceneName, pinPersonalProblem, pinShapeProblem } from './health-card';

describe('e-health card PIN rules', () => {
  it.each([
    ['12345', 'too short'],
    ['1234567', 'too long'],
    ['12a456', 'a letter'],
    ['１２３４５８', 'full-width digits'],
    [' 13579', 'a space'],
    ['000000', 'one digit repeated'],
    ['777777', 'one digit repeated'],
    ['121212', 'a pair repeated'],
    ['123123', 'a triple repeated'],
    ['123456', 'an ascending run'],
    ['234567', 'an ascending run'],
    ['890123', 'an ascending run that wraps'],
    ['654321', 'a descending run'],
    ['987654', 'a descending run'],
  ])('when the PIN is %s (%s), then it is refused', (pin) => {
    expect(pinShapeProblem(pin)).toEqual(expect.any(String));
  });

  it.each(['135790', '802461', '112358', '902715'])('when the PIN is %s, then its shape is fine', (pin) => {
    expect(pinShapeProblem(pin)).toBeNull();
  });

  it.each(['850307', '030785', '070385'])('when the PIN %s is the birthday, then it is refused', (pin) => {
    expect(pinPersonalProblem(pin, { birthDate: '1985-03-07' })).toBe('密码不能是出生日期');
  });

  it('when the PIN is the last six of the ID number, then it is refused', () => {
    expect(pinPersonalProblem('071234', { idNumber: '441302198503071234' })).toBe(
      '密码不能是证件号码的后6位',
    );
  });

  it('when nothing personal is known, then only the shape counts', () => {
    expect(pinPersonalProblem('850307', {})).toBeNull();
    expect(pinPersonalProblem('850308', { birthDate: '1985-03-07' })).toBeNull();
  });

  it('when scenes are listed, then each has a Chinese name', () => {
    expect(CARD_SCENE_CODES).toEqual(['general', 'registration', 'triage', 'pharmacy', 'payment']);
    expect(cardSceneName('registration')).toBe('挂号');
  });
});
