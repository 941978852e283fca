import { chooseRange } from './reference-range-choice';
import { ReferenceRangeEntry } from './report-resources';

const sex = (code: string) => ({ coding: [{ system: 'http://hl7.org/fhir/administrative-gender', code }] });
const ranges = [
  { low: { value: 130 }, high: { value: 175 }, appliesTo: [sex('male')] },
  { low: { value: 115 }, high: { value: 150 }, appliesTo: [sex('female')] },
].map((r) => ReferenceRangeEntry.parse(r));
const AT = new Date('2027-02-10T00:00:00Z');

describe('chooseRange', () => {
  it('when the patient’s sex is known, then that sex’s range is used', () => {
    expect(chooseRange(ranges, { sex: 'male' }, AT)).toEqual({ low: 130, high: 175 });
  });

  it('when the sex is unknown, then no bounds are used and every range is shown with who it is for', () => {
    expect(chooseRange(ranges, {}, AT)).toEqual({
      text: '男: 130-175；女: 115-150',
      problem: 'reference range depends on sex or age, which the hospital did not give',
    });
  });

  it('when ranges are by age in months, then the age at the report date picks one', () => {
    const byAge = [
      { high: { value: 10 }, age: { high: { value: 11, code: 'mo' } } },
      { high: { value: 20 }, age: { low: { value: 12, code: 'mo' } } },
    ].map((r) => ReferenceRangeEntry.parse(r));
    expect(chooseRange(byAge, { birthDate: '2026-08-01' }, AT)).toEqual({ high: 10 });
    expect(chooseRange(byAge, { birthDate: '2020-08-01' }, AT)).toEqual({ high: 20 });
  });

  it('when a range is for a population we cannot place (pregnancy), then it is not taken', () => {
    const pregnant = ReferenceRangeEntry.parse({
      high: { value: 5 },
      appliesTo: [{ coding: [{ system: 'http://snomed.info/sct', code: '77386006' }], text: '孕期' }],
    });
    const normal = ReferenceRangeEntry.parse({ high: { value: 7 } });
    expect(chooseRange([pregnant, normal], { sex: 'female' }, AT)).toEqual({ high: 7 });
  });
});
