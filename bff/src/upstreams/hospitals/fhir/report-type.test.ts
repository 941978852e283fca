import { DiagnosticReport } from './report-resources';
import { reportTypeOf } from './report-type';

const report = (extra: object) =>
  DiagnosticReport.parse({ resourceType: 'DiagnosticReport', id: 'r', ...extra });
const section = (code: string) => ({
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code }] }],
});

describe('reportTypeOf', () => {
  it.each(['LAB', 'HM', 'CH', 'MB', 'SP', 'CP', 'SR', 'URN', 'BG', 'BLB'])(
    'when the section is %s, then 检验',
    (c) => {
      expect(reportTypeOf(report(section(c)))).toBe('lab');
    },
  );

  it.each(['RAD', 'CT', 'NMR', 'US', 'CUS', 'XRC', 'EC', 'CG', 'PF'])(
    'when the section is %s, then 检查',
    (c) => {
      expect(reportTypeOf(report(section(c)))).toBe('imaging');
    },
  );

  it('when only a LOINC category is given, then Radiology is 检查 and Pathology 检验', () => {
    const loinc = (code: string) => ({ category: [{ coding: [{ system: 'http://loinc.org', code }] }] });
    expect(reportTypeOf(report(loinc('LP29684-5')))).toBe('imaging');
    expect(reportTypeOf(report(loinc('LP7839-6')))).toBe('lab');
  });

  it('when there is no category, then results mean 检验 and a conclusion alone 检查', () => {
    expect(reportTypeOf(report({ result: [{ reference: 'Observation/a' }] }))).toBe('lab');
    expect(reportTypeOf(report({ conclusion: '未见异常' }))).toBe('imaging');
  });
});
