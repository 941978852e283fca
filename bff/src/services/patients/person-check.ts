import type { IdType } from '@jiankang/shared/domain';
import { AppError } from '../../lib/app-error';
import { UpstreamError } from '../../lib/upstream-error';
import type { PersonIndex } from '../../upstreams/regional/empi';

/**
 * Real-name check at the regional EMPI: the person's master id, 422 PERSON_NOT_FOUND when the
 * index does not know them, 502 UPSTREAM_UNAVAILABLE when it cannot be asked. Called before any
 * write, so a refusal leaves nothing behind.
 */
export async function masterIdOf(
  empi: PersonIndex,
  person: { name: string; idType: IdType; idNumber: string },
): Promise<string> {
  let match;
  try {
    match = await empi.match(person);
  } catch (err) {
    if (err instanceof UpstreamError)
      throw new AppError('UPSTREAM_UNAVAILABLE', '暂时无法到区域平台核验身份，请稍后再试', { cause: err });
    throw err;
  }
  if (!match.found)
    throw new AppError('PERSON_NOT_FOUND', '区域平台未找到此人，请核对姓名和证件号码', { field: 'idNumber' });
  return match.masterId;
}
