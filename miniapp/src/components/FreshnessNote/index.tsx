import { Text, View } from '@tarojs/components';
import type { DirectoryFreshness } from '@jiankang/shared';
import './index.scss';

/** "刚刚", "12 分钟前", "3 小时前", "2 天前". */
export function describeAge(ageSeconds: number): string {
  if (ageSeconds < 60) return '刚刚';
  const minutes = Math.floor(ageSeconds / 60);
  if (minutes < 60) return `${minutes} 分钟前`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} 小时前`;
  return `${Math.floor(hours / 24)} 天前`;
}

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
