import { Text, View } from '@tarojs/components';
import type { Patient } from '@jiankang/shared';
import { relationName } from '@jiankang/shared/domain';
import './index.scss';

/** Switch between the account's 就诊人 (shown only when there is more than one). */
export default function PatientChips(props: {
  patients: Patient[] | null;
  selected: string;
  onSelect: (id: string) => void;
  testId?: string;
}) {
  if (!props.patients || props.patients.length < 2) return null;
  return (
    <View className="patient-chips" data-testid={props.testId}>
      {props.patients.map((p) => (
        <View
          key={p.id}
          role="button"
          className={`patient-chips__chip${p.id === props.selected ? ' patient-chips__chip--on' : ''}`}
          onClick={() => props.onSelect(p.id)}
        >
          {p.name}
          <Text className="patient-chips__relation">{relationName(p.relation)}</Text>
        </View>
      ))}
    </View>
  );
}
