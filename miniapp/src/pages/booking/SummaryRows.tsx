import { Text, View } from '@tarojs/components';

export interface SummaryRow {
  label: string;
  value: string;
  testId: string;
}

/** Label / value rows of a booking or slot, as on the confirmation and result pages. */
export default function SummaryRows({ rows }: { rows: readonly SummaryRow[] }) {
  return (
    <View className="summary">
      {rows.map((r) => (
        <View key={r.testId} className="summary__row">
          <Text className="summary__label">{r.label}</Text>
          <Text className="summary__value" data-testid={r.testId}>
            {r.value}
          </Text>
        </View>
      ))}
    </View>
  );
}
