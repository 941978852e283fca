import { ScrollView, View } from '@tarojs/components';
import './index.scss';

export interface ChipOption<T extends string> {
  value: T;
  label: string;
}

interface Props<T extends string> {
  options: readonly ChipOption<T>[];
  value: T;
  onChange: (value: T) => void;
  /** e2e hook and accessible name for the row. */
  testId: string;
  size?: 'md' | 'sm';
}

/** A horizontally scrolling row of single-choice chips (districts, grades). */
export default function ChipGroup<T extends string>({
  options,
  value,
  onChange,
  testId,
  size = 'md',
}: Props<T>) {
  return (
    <ScrollView scrollX enhanced showScrollbar={false} className="chip-group" data-testid={testId}>
      <View className="chip-group__track" role="radiogroup">
        {options.map((o) => {
          const active = o.value === value;
          return (
            <View
              key={o.value || 'all'}
              className={`chip chip--${size}${active ? ' chip--active' : ''}`}
              role="radio"
              aria-checked={active}
              data-testid={`${testId}-chip`}
              data-value={o.value}
              onClick={() => {
                if (!active) onChange(o.value);
              }}
            >
              <View className="chip__pill">{o.label}</View>
            </View>
          );
        })}
      </View>
    </ScrollView>
  );
}
