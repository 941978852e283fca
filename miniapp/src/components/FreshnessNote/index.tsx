import { Text, View } from '@tarojs/components';
import type { DirectoryFreshness } from '@jiankang/shared';
import { describeAge } from '../../utils/age';
import './index.scss';

/** How fresh the hospital directory is; a gentle warning when the BFF marks it stale. */
export default function FreshnessNote({ directory }: { directory: DirectoryFreshness | null | undefined }) {
  if (!directory) return null;
  const age = directory.ageSeconds === null ? null : describeAge(directory.ageSeconds);
  if (directory.stale) {
    return (
      <View className="freshness freshness--stale" data-testid="freshness-stale" role="note">
        <Text className="freshness__mark">!</Text>
        <Text className="freshness__text">
          {age
            ? `医院目录可能不是最新（上次更新于 ${age}），请以医院公布的信息为准`
            : '医院目录暂未同步，信息可能不是最新'}
        </Text>
      </View>
    );
  }
  return (
    <View className="freshness" data-testid="freshness">
      <Text className="freshness__text">{age ? `目录更新于 ${age}` : '目录尚未同步'}</Text>
    </View>
  );
}
