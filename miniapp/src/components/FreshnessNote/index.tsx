import type { DirectoryFreshness } from '@jiankang/shared';
import { describeAge } from '../../utils/age';
import NoteLine from '../NoteLine';

/** How fresh the hospital directory is; a gentle warning when the BFF marks it stale. */
export default function FreshnessNote({ directory }: { directory: DirectoryFreshness | null | undefined }) {
  if (!directory) return null;
  const age = directory.ageSeconds === null ? null : describeAge(directory.ageSeconds);
  if (directory.stale) {
    const text = age
      ? `医院目录可能不是最新（上次更新于 ${age}），请以医院公布的信息为准`
      : '医院目录暂未同步，信息可能不是最新';
    return <NoteLine text={text} tone="warn" testId="freshness-stale" />;
  }
  return <NoteLine text={age ? `目录更新于 ${age}` : '目录尚未同步'} tone="info" testId="freshness" />;
}
