import { Button, Text, View } from '@tarojs/components';
import './index.scss';

type Props =
  | { kind: 'loading'; message?: string }
  | { kind: 'empty'; message: string; hint?: string }
  | {
      kind: 'error';
      message: string;
      hint?: string | undefined;
      requestId?: string | undefined;
      onRetry?: (() => void) | undefined;
      onBack?: (() => void) | undefined;
      backLabel?: string;
    };

/** The three non-content states every screen has, looking the same everywhere. */
export default function StateView(props: Props) {
  if (props.kind === 'loading') {
    return (
      <View className="state-view state-view--loading" data-testid="state-loading" aria-busy>
        <View className="state-view__spinner" />
        <Text className="state-view__message">{props.message ?? '加载中…'}</Text>
      </View>
    );
  }
  if (props.kind === 'empty') {
    return (
      <View className="state-view state-view--empty" data-testid="state-empty">
        <View className="state-view__icon state-view__icon--empty" />
        <Text className="state-view__message">{props.message}</Text>
        {props.hint && <Text className="state-view__hint">{props.hint}</Text>}
      </View>
    );
  }
  return (
    <View className="state-view state-view--error" data-testid="state-error" role="alert">
      <View className="state-view__icon state-view__icon--error">!</View>
      <Text className="state-view__message" data-testid="state-error-message">
        {props.message}
      </Text>
      {props.hint && <Text className="state-view__hint">{props.hint}</Text>}
      {props.requestId && <Text className="state-view__hint">请求编号 {props.requestId}</Text>}
      <View className="state-view__actions">
        {props.onRetry && (
          <Button
            className="state-view__button state-view__button--primary"
            data-testid="state-retry"
            onClick={props.onRetry}
          >
            重试
          </Button>
        )}
        {props.onBack && (
          <Button
            className={`state-view__button${props.onRetry ? '' : ' state-view__button--primary'}`}
            data-testid="state-back"
            onClick={props.onBack}
          >
            {props.backLabel ?? '返回'}
          </Button>
        )}
      </View>
    </View>
  );
}
