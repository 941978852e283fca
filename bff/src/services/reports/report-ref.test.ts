import { decodeReportRef, encodeReportRef, sourceIdOf } from './report-ref';

const ref = {
  patientId: 'pt_AbCdEfGhIjKlMnOp',
  hospitalId: 'hzszxrmyy',
  sourceId: 'L3F2A9C01B7D4E5F60718005',
};

describe('report ids', () => {
  it('when an id is encoded, then it decodes to the same patient, hospital and report number', () => {
    const id = encodeReportRef(ref);
    expect(id).toMatch(/^rp_[A-Za-z0-9_-]+$/);
    expect(decodeReportRef(id)).toEqual(ref);
  });

  it.each([
    ['not ours', 'hzszxrmyy:L1'],
    ['bad base64 content', 'rp_!!!!'],
    ['two parts', 'rp_' + Buffer.from('pt_AbCdEfGhIjKlMnOp|hzszxrmyy').toString('base64url')],
    ['a bad patient id', 'rp_' + Buffer.from('pt_x|hzszxrmyy|L1').toString('base64url')],
    ['a bad report number', 'rp_' + Buffer.from('pt_AbCdEfGhIjKlMnOp|hzszxrmyy|../x').toString('base64url')],
    ['too long', 'rp_' + 'A'.repeat(300)],
  ])('when the id is %s, then it names nothing', (_, id) => {
    expect(decodeReportRef(id)).toBeNull();
  });

  it('when an adapter id carries its hospital prefix, then the report number is what follows', () => {
    expect(sourceIdOf('blxrmyy:L123', 'blxrmyy')).toBe('L123');
  });
});
