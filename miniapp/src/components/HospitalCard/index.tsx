import { Text, View } from '@tarojs/components';
import type { HospitalListItem } from '@jiankang/shared';
import GradeBadge from '../GradeBadge';
import './index.scss';

interface Props {
  hospital: HospitalListItem;
  onTap: (hospital: HospitalListItem) => void;
}

export default function HospitalCard({ hospital, onTap }: Props) {
  const campusCount = hospital.campuses.length;
  return (
    <View
      className="hospital-card"
      hoverClass="hospital-card--pressed"
      data-testid="hospital-card"
      data-id={hospital.id}
      onClick={() => onTap(hospital)}
    >
      <View className="hospital-card__head">
        <Text className="hospital-card__name" data-testid="hospital-name">
          {hospital.name}
        </Text>
        <GradeBadge grade={hospital.grade} name={hospital.gradeName} />
      </View>
      <View className="hospital-card__meta">
        <Text className="hospital-card__tag" data-testid="hospital-district">
          {hospital.districtName}
        </Text>
        <Text className="hospital-card__tag">{hospital.type}</Text>
        {hospital.departmentCount > 0 && (
          <Text className="hospital-card__tag">{hospital.departmentCount} 个科室</Text>
        )}
        {campusCount > 1 && <Text className="hospital-card__tag">{campusCount} 个院区</Text>}
        {hospital.onlineBooking === 'here' && (
          <Text className="hospital-card__tag hospital-card__tag--online" data-testid="hospital-online">
            可在线预约
          </Text>
        )}
        {hospital.onlineBooking === 'external' && (
          <Text className="hospital-card__tag hospital-card__tag--external" data-testid="hospital-external">
            去医院预约
          </Text>
        )}
      </View>
      <Text className="hospital-card__address">{hospital.address}</Text>
    </View>
  );
}
