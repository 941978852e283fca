export { departmentIdOf, doctorIdOf } from '../../regional/directory-mapper';

/** A slot's id in our store: stable across syncs because the source's own id is. */
export const slotIdOf = (hospitalId: string, sourceId: string) => `${hospitalId}:${sourceId}`;
