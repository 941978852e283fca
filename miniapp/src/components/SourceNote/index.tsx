import { Text, View } from '@tarojs/components';
import type { SourceFreshness } from '@jiankang/shared';
import { describeSource } from '../../utils/slots';
import './index.scss';

interface Props {
  source: Pick<SourceFreshness, 'status' | 'asOf'>;
  /** Rendering time; defaults to now. */
  now?: number;
}

/** "更新于 3 分钟前", or a visible notice when the hospital's feed cannot be reached. */
export default function SourceNote({ source, now = Date.now() }: Props) {
  const view = describeSource(source, now);
  if (view.tone === 'warn') {
    return (
      <View className="source-note source-note--warn" data-testid="source-warning" role="note">
        <Text className="source-note__mark">!</Text>
        <Text className="source-note__text">{view.text}</Text>
      </View>
    );
  }
  return (
    <View className="source-note" data-testid="source-fresh">
      <Text className="source-note__text">{view.text}</Text>
    </View>
  );
}
