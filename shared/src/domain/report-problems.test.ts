import { problemLabel } from './report-problems';

describe('problemLabel', () => {
  it.each([
    ['总胆固醇: result is not a number (NaN)', '总胆固醇：结果无法识别'],
    ['no unit given', '缺少单位'],
    ['attachment too large', '附件过大未附上'],
    ['2 result(s) could not be read', '2 项结果无法读取'],
    ['something new', 'something new'],
  ])('when the note is %s, then the resident reads %s', (note, label) => {
    expect(problemLabel(note)).toBe(label);
  });
});
