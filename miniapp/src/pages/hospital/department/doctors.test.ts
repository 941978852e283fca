import type { Doctor } from '@jiankang/shared';
import { sortDoctors } from './doctors';

const doc = (id: string, title: Doctor['title']): Doctor => ({
  id,
  hospitalId: 'hz-central',
  departmentId: 'cardio',
  name: id,
  title,
  specialty: '',
});

describe('sortDoctors', () => {
  it('when titles are mixed, then seniors come first and ties keep their order', () => {
    const sorted = sortDoctors([
      doc('a', '住院医师'),
      doc('b', '主任医师'),
      doc('c', '主治医师'),
      doc('d', '副主任医师'),
      doc('e', '主任医师'),
    ]);
    expect(sorted.map((d) => d.id)).toEqual(['b', 'e', 'd', 'c', 'a']);
  });
});
