import { fieldsOf, parseXml, XmlSyntaxError } from './xml';

describe('parseXml', () => {
  it('when a flat HIS response, then rows and entities come back as text', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="GBK"?><Response><FHDM>0</FHDM><FHXX>成功 &amp; &#x4E2D;</FHXX>' +
        '<PBXX><ROW><HYID>a-1</HYID><KSMC><![CDATA[心<内>科]]></KSMC></ROW><ROW/></PBXX></Response>',
    );
    expect(fieldsOf(root)).toMatchObject({ FHDM: '0', FHXX: '成功 & 中' });
    const rows = root.children.find((c) => c.name === 'PBXX')!.children.map(fieldsOf);
    expect(rows).toEqual([{ HYID: 'a-1', KSMC: '心<内>科' }, {}]);
  });

  it.each([
    ['truncated', '<Response><FHDM>0</FHDM><PBXX><ROW><HY'],
    ['mismatched', '<Response><FHDM>0</FHXX></Response>'],
    ['garbage after root', '<Response/>junk'],
    ['doctype', '<!DOCTYPE x [<!ENTITY a "b">]><Response/>'],
    ['NUL', '<Response>\u0000</Response>'],
    ['bare ampersand', '<Response>a & b</Response>'],
  ])('when %s, then XmlSyntaxError', (_name, xml) => expect(() => parseXml(xml)).toThrow(XmlSyntaxError));
});
