import { Text, View } from '@tarojs/components';
import './index.scss';

interface Props {
  text: string;
  /** warn: a bordered notice with a mark, for data that may be out of date. */
  tone: 'info' | 'warn';
  testId: string;
}

/** One line of small print under a header, or a visible notice when something is not current. */
export default function NoteLine({ text, tone, testId }: Props) {
  if (tone === 'warn') {
    return (
      <View className="note-line note-line--warn" data-testid={testId} role="note">
        <Text className="note-line__mark">!</Text>
        <Text className="note-line__text">{text}</Text>
      </View>
    );
  }
  return (
    <View className="note-line" data-testid={testId}>
      <Text className="note-line__text">{text}</Text>
    </View>
  );
}
