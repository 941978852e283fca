import { feedOptionsFromRegistry } from './registry';

describe('hospital registry (config/hospitals.json)', () => {
  it('when entries name adapters and base URLs, then each becomes feed options on that host and port', () => {
    const options = feedOptionsFromRegistry(
      {
        hospitals: [
          { id: 'hzszxrmyy', adapter: 'fhir', baseUrl: 'http://127.0.0.1:4201/fhir' },
          { id: 'hzsdyrmyy', adapter: 'smart-scheduling-links', baseUrl: 'http://127.0.0.1:4202' },
          {
            id: 'hzszyyy',
            adapter: 'his-xml',
            baseUrl: 'http://127.0.0.1:4203/his/ws',
            encoding: 'gbk',
            push: { url: 'http://127.0.0.1:3000/api/v1/feeds/hzszyyy/slot-events', secret: 's' },
            pollIntervalMs: 60_000,
          },
        ],
      },
      'huizhou',
    );
    expect(options).toEqual([
      {
        hospitalId: 'hzszxrmyy',
        kind: 'fhir',
        port: 4201,
        host: '127.0.0.1',
        profile: 'standard',
        seed: 'huizhou',
      },
      {
        hospitalId: 'hzsdyrmyy',
        kind: 'smart-scheduling-links',
        port: 4202,
        host: '127.0.0.1',
        profile: 'standard',
        seed: 'huizhou',
      },
      {
        hospitalId: 'hzszyyy',
        kind: 'his-xml',
        port: 4203,
        host: '127.0.0.1',
        profile: 'standard',
        seed: 'huizhou',
        encoding: 'gbk',
        push: { url: 'http://127.0.0.1:3000/api/v1/feeds/hzszyyy/slot-events', secret: 's' },
      },
    ]);
  });

  it('when an entry asks for enrichments or is a real endpoint, then it is simulated enriched or not at all', () => {
    const options = feedOptionsFromRegistry({
      hospitals: [
        { id: 'hzszxrmyy', adapter: 'fhir', baseUrl: 'http://127.0.0.1:4201/fhir', simulator: 'enriched' },
        // A hospital trying its own feed: any path, no port, never started here.
        { id: 'hzsdyrmyy', adapter: 'fhir', baseUrl: 'https://his.example.org/r4', simulator: 'none' },
      ],
    });
    expect(options).toEqual([expect.objectContaining({ hospitalId: 'hzszxrmyy', profile: 'enriched' })]);
    expect(() =>
      feedOptionsFromRegistry({
        hospitals: [{ id: 'x', adapter: 'fhir', baseUrl: 'http://127.0.0.1:1/fhir', simulator: 'fake' }],
      }),
    ).toThrow('simulator');
  });

  it('when the list is empty, then no feeds are started', () => {
    expect(feedOptionsFromRegistry({ hospitals: [] })).toEqual([]);
  });

  it.each([
    [{ id: 'x', adapter: 'soap', baseUrl: 'http://127.0.0.1:1/fhir' }, 'adapter'],
    [{ id: 'x', adapter: 'fhir', baseUrl: 'http://127.0.0.1:4201/r4' }, 'path'],
    [{ id: 'x', adapter: 'fhir', baseUrl: 'http://127.0.0.1/fhir' }, 'port'],
  ])('when an entry is %j, then the error names its %s', (entry, word) => {
    expect(() => feedOptionsFromRegistry({ hospitals: [entry] })).toThrow(word);
  });
});
