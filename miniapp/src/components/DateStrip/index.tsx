import { Text, View } from '@tarojs/components';
import type { DateStripItem } from '../../utils/slots';
import './index.scss';

interface Props {
  items: readonly DateStripItem[];
  value: string | undefined;
  onChange: (date: string) => void;
}

/** The window's dates side by side: 今天 / 明天 / 周三, MM-DD and 有号 / 约满 / 停诊 / 未放号 / 无排班. */
export default function DateStrip({ items, value, onChange }: Props) {
  return (
    <View className="date-strip" data-testid="date-strip" role="radiogroup" aria-label="选择日期">
      {items.map((item) => {
        const active = item.date === value;
        return (
          <View
            key={item.date}
            className={`date-strip__item date-strip__item--${item.mark}${active ? ' date-strip__item--active' : ''}`}
            role="radio"
            aria-checked={active}
            data-testid="date-strip-item"
            data-date={item.date}
            data-mark={item.mark}
            onClick={() => {
              if (!active) onChange(item.date);
            }}
          >
            <Text className="date-strip__name">{item.name}</Text>
            <Text className="date-strip__date">{item.monthDay}</Text>
            <Text className="date-strip__mark" data-testid="date-strip-mark">
              {item.markText}
            </Text>
          </View>
        );
      })}
    </View>
  );
}
