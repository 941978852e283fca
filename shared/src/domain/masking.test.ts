import fc from 'fast-check';
import { residentIdCheckChar } from './id-number';
import { maskIdNumber, maskName, maskPhone } from './masking';

const hanChar = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const visible = (masked: string) => Array.from(masked).filter((c) => c !== '*').length;

describe('masking', () => {
  it('shows the first 3 and last 4 of a resident ID', () => {
    expect(maskIdNumber('44030219900307123X')).toBe('440***********123X');
  });

  it('the masked ID has exactly 7 visible characters and keeps its length', () => {
    const id = fc.stringMatching(/^[1-8][0-9]{16}$/).map((first17) => first17 + residentIdCheckChar(first17));
    fc.assert(
      fc.property(id, (value) => {
        const masked = maskIdNumber(value);
        return (
          masked.length === 18 &&
          visible(masked) === 7 &&
          masked.startsWith(value.slice(0, 3)) &&
          masked.endsWith(value.slice(-4))
        );
      }),
    );
  });

  it('a short document number never shows more than 3 characters or more than half', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,13}$/), (value) => {
        const masked = maskIdNumber(value);
        return (
          masked.length === value.length && visible(masked) <= Math.min(3, Math.floor(value.length / 2) + 1)
        );
      }),
    );
  });

  it.each([
    ['张三', '张*'],
    ['张三明', '张*明'],
    ['欧阳娜娜', '欧阳**'],
    ['欧阳娜', '欧阳*'],
    ['王小明明', '王**明'],
    ['买买提·艾力', '买****力'],
    ['John Smith', 'J********h'],
  ])('masks the name %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('a masked name keeps its length and shows at most 2 characters, never all of them', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(hanChar, { minLength: 2, maxLength: 30 }).map((cs) => cs.join('')),
          fc.array(hanChar, { minLength: 1, maxLength: 28 }).map((cs) => `欧阳${cs.join('')}`),
          fc.stringMatching(/^[A-Za-z]{1,14}( [A-Za-z]{1,14})?$/).filter((s) => s.length >= 2),
        ),
        (name) => {
          const masked = maskName(name);
          const n = Array.from(masked).length;
          return n === Array.from(name).length && visible(masked.replace(/ /g, '')) <= Math.min(2, n - 1);
        },
      ),
    );
  });

  it('masks a phone as 138****5678 and keeps only 7 digits visible', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    fc.assert(fc.property(fc.stringMatching(/^1[3-9][0-9]{9}$/), (phone) => visible(maskPhone(phone)) === 7));
  });
});
