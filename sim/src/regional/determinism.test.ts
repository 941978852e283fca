import { startRegionalPlatform, type RegionalPlatformHandle } from '../index';
import { readDirectory } from '../testing/read-directory';

const started: RegionalPlatformHandle[] = [];
const start = async (seed?: string | number) => {
  const p = await startRegionalPlatform(seed === undefined ? {} : { seed });
  started.push(p);
  return p;
};
afterAll(() => Promise.all(started.map((p) => p.close())));

describe('seeded data', () => {
  it('when two servers share a seed, then they serve byte-identical JSON', async () => {
    const [a, b] = await Promise.all([start('huizhou'), start('huizhou')]);
    expect(JSON.stringify(await readDirectory(a.url))).toBe(JSON.stringify(await readDirectory(b.url)));
  });

  it('when no seed is given, then the default seed "huizhou" is used', async () => {
    const [a, b] = await Promise.all([start(), start('huizhou')]);
    expect(JSON.stringify(await readDirectory(a.url))).toBe(JSON.stringify(await readDirectory(b.url)));
  });

  it('when the seed differs, then the doctors differ but the hospitals and departments stay', async () => {
    const [a, b] = await Promise.all([start('huizhou'), start(20_260_101)]);
    const [da, db] = await Promise.all([readDirectory(a.url), readDirectory(b.url)]);
    expect(db.hospitals.map((h) => h.orgCode)).toEqual(da.hospitals.map((h) => h.orgCode));
    expect(db.departments).toEqual(da.departments);
    expect(JSON.stringify(db.doctors)).not.toBe(JSON.stringify(da.doctors));
    const names = (d: typeof da) => Object.values(d.doctors).flatMap((list) => list.map((x) => x.doctorName));
    expect(names(db)).not.toEqual(names(da));
  });
});
