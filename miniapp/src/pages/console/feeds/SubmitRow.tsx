import { Button, Text, View } from '@tarojs/components';
import { disabledIf } from '../../../platform';

/** A console form's last row: the refusal read out (role alert) above the button that sends it. */
export function SubmitRow(props: { error: string; busy: boolean; label: string; onSubmit: () => void }) {
  return (
    <>
      {props.error ? (
        <View role="alert">
          <Text className="console__error">{props.error}</Text>
        </View>
      ) : null}
      <Button
        className="console__button"
        loading={props.busy}
        disabled={disabledIf(props.busy)}
        onClick={props.onSubmit}
      >
        {props.label}
      </Button>
    </>
  );
}
