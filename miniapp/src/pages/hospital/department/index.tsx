import { Text, View } from '@tarojs/components';
import { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { Doctor } from '@jiankang/shared';
import { describeError, listDoctors } from '../../../api';
import FreshnessNote from '../../../components/FreshnessNote';
import StateView from '../../../components/StateView';
import { useAsync } from '../../../hooks';
import { backLabel, backOrHome, decodeParam, setTitle, stopPullDownRefresh, toast } from '../../../platform';
import { sortDoctors } from './doctors';
import './index.scss';

export default function DepartmentPage() {
  const { params } = useRouter();
  const hospitalId = decodeParam(params.hospitalId);
  const deptId = decodeParam(params.deptId);
  const hospitalName = decodeParam(params.hname);

  const doctors = useAsync(async () => {
    if (!hospitalId || !deptId) throw new Error('missing ids');
    const res = await listDoctors(hospitalId, deptId);
    setTitle(res.department.name);
    return { ...res, items: sortDoctors(res.items) };
  }, [hospitalId, deptId]);

  usePullDownRefresh(() => {
    void doctors.refresh().then((ok) => {
      stopPullDownRefresh();
      if (!ok) toast('刷新失败，请稍后重试');
    });
  });

  if (doctors.status === 'loading') return <StateView kind="loading" />;
  if (doctors.status === 'error' || !doctors.data) {
    const view =
      hospitalId && deptId ? describeError(doctors.error) : { message: '没有指定科室', retryable: false };
    return (
      <View className="department" data-testid="page-department">
        <StateView
          kind="error"
          message={view.message}
          hint={view.hint}
          requestId={view.requestId}
          onRetry={view.retryable ? () => void doctors.reload() : undefined}
          onBack={backOrHome}
          backLabel={backLabel()}
        />
      </View>
    );
  }

  const { department, items, directory } = doctors.data;
  return (
    <View className="department" data-testid="page-department">
      <View className="dept-header">
        {hospitalName && <Text className="dept-header__hospital">{hospitalName}</Text>}
        <Text className="dept-header__name" data-testid="department-title">
          {department.name}
        </Text>
        <Text className="dept-header__meta">
          {department.categoryName} · {items.length} 位医生
        </Text>
        {department.description && <Text className="dept-header__desc">{department.description}</Text>}
      </View>
      <FreshnessNote directory={directory} />
      {items.length === 0 ? (
        <StateView kind="empty" message="这个科室暂未公布医生信息" />
      ) : (
        <View className="doctor-list" data-testid="doctor-list">
          {items.map((d) => (
            <DoctorCard key={d.id} doctor={d} />
          ))}
        </View>
      )}
    </View>
  );
}

function DoctorCard({ doctor }: { doctor: Doctor }) {
  const senior = doctor.title === '主任医师' || doctor.title === '副主任医师';
  return (
    <View className="doctor-card" data-testid="doctor-card">
      <View className={`doctor-card__avatar${senior ? ' doctor-card__avatar--senior' : ''}`} aria-hidden>
        {doctor.name.slice(0, 1)}
      </View>
      <View className="doctor-card__body">
        <View className="doctor-card__head">
          <Text className="doctor-card__name" data-testid="doctor-name">
            {doctor.name}
          </Text>
          <Text
            className={`doctor-card__title${senior ? ' doctor-card__title--senior' : ''}`}
            data-testid="doctor-title"
          >
            {doctor.title}
          </Text>
        </View>
        {doctor.specialty && (
          <Text className="doctor-card__specialty" data-testid="doctor-specialty">
            {doctor.specialty.startsWith('擅长') ? doctor.specialty : `擅长：${doctor.specialty}`}
          </Text>
        )}
      </View>
    </View>
  );
}
