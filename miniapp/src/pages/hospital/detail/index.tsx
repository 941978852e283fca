import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { HospitalDetail } from '@jiankang/shared';
import { describeError, getHospital, getHospitalPlaces } from '../../../api';
import FreshnessNote from '../../../components/FreshnessNote';
import GradeBadge from '../../../components/GradeBadge';
import StateView from '../../../components/StateView';
import { useAsync } from '../../../hooks';
import {
  backLabel,
  backOrHome,
  callPhone,
  decodeParam,
  navigateTo,
  setTitle,
  stopPullDownRefresh,
  toast,
} from '../../../platform';
import { routes } from '../../../routes';
import { groupDepartments } from './departments';
import FeedPlaces from './places';
import './index.scss';

export default function HospitalDetailPage() {
  const { params } = useRouter();
  const id = decodeParam(params.id);

  const detail = useAsync(async () => {
    if (!id) throw new Error('missing id');
    const res = await getHospital(id);
    setTitle(res.hospital.name);
    return res;
  }, [id]);
  // The feed's own places and booking mode; the page works without them (a hospital with no feed).
  const places = useAsync(async () => {
    if (!id) throw new Error('missing id');
    return getHospitalPlaces(id);
  }, [id]);

  usePullDownRefresh(() => {
    void detail.refresh().then((ok) => {
      stopPullDownRefresh();
      if (!ok) toast('刷新失败，请稍后重试');
    });
  });

  if (detail.status === 'loading') return <StateView kind="loading" />;
  if (detail.status === 'error' || !detail.data) {
    const view = id ? describeError(detail.error) : { message: '没有指定医院', retryable: false };
    return (
      <View className="hospital-detail" data-testid="page-hospital">
        <StateView
          kind="error"
          message={view.message}
          hint={view.hint}
          requestId={view.requestId}
          onRetry={view.retryable ? () => void detail.reload() : undefined}
          onBack={backOrHome}
          backLabel={backLabel()}
        />
      </View>
    );
  }

  const { hospital, directory } = detail.data;
  return (
    <View className="hospital-detail" data-testid="page-hospital">
      <HospitalHeader hospital={hospital} />
      <FreshnessNote directory={directory} />
      {places.data && (
        <FeedPlaces hospitalId={hospital.id} hospitalName={hospital.name} places={places.data} />
      )}
      <Introduction text={hospital.introduction} />
      <Departments hospital={hospital} />
    </View>
  );
}

function HospitalHeader({ hospital }: { hospital: HospitalDetail }) {
  const otherCampuses = hospital.campuses.filter((c) => c.address !== hospital.address);
  return (
    <View className="hd-header">
      <View className="hd-header__top">
        <Text className="hd-header__name" data-testid="hospital-title">
          {hospital.name}
        </Text>
        <View className="hd-header__tags">
          <GradeBadge grade={hospital.grade} name={hospital.gradeName} />
          <Text className="hd-header__tag">{hospital.type}</Text>
          <Text className="hd-header__tag">{hospital.districtName}</Text>
        </View>
      </View>
      <View className="hd-card">
        <View className="hd-row">
          <Text className="hd-row__label">地址</Text>
          <Text className="hd-row__value" data-testid="hospital-address">
            {hospital.address}
          </Text>
        </View>
        {hospital.phone && (
          <View
            className="hd-row hd-row--action"
            hoverClass="hd-row--pressed"
            data-testid="hospital-phone"
            onClick={() => callPhone(hospital.phone)}
          >
            <Text className="hd-row__label">电话</Text>
            <Text className="hd-row__value hd-row__value--link">{hospital.phone}</Text>
            <Text className="hd-row__action">拨打</Text>
          </View>
        )}
        {otherCampuses.length > 0 && (
          <View className="hd-row hd-row--block" data-testid="hospital-campuses">
            <Text className="hd-row__label">院区</Text>
            <View className="hd-campuses">
              {hospital.campuses.map((c) => (
                <View key={c.id} className="hd-campus">
                  <Text className="hd-campus__name">{c.name}</Text>
                  <Text className="hd-campus__address">{c.address}</Text>
                </View>
              ))}
            </View>
          </View>
        )}
      </View>
    </View>
  );
}

const INTRO_COLLAPSED_CHARS = 90;

function Introduction({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  if (!text.trim()) return null;
  const long = text.length > INTRO_COLLAPSED_CHARS;
  return (
    <View className="hd-section" data-testid="hospital-intro">
      <Text className="hd-section__title">医院简介</Text>
      <Text className={`hd-intro${long && !open ? ' hd-intro--collapsed' : ''}`}>{text}</Text>
      {long && (
        <View className="hd-intro__toggle" onClick={() => setOpen(!open)}>
          {open ? '收起' : '展开全部'}
        </View>
      )}
    </View>
  );
}

function Departments({ hospital }: { hospital: HospitalDetail }) {
  const groups = groupDepartments(hospital.departments);
  // A department a second campus repeats appears twice: the campus name tells them apart.
  const campusName = new Map(
    hospital.campuses.length > 1 ? hospital.campuses.map((c) => [c.id, c.name]) : [],
  );
  return (
    <View className="hd-section" data-testid="department-groups">
      <Text className="hd-section__title">
        科室导航
        <Text className="hd-section__count">共 {hospital.departments.length} 个科室</Text>
      </Text>
      {groups.length === 0 && <StateView kind="empty" message="这家医院暂未公布科室信息" />}
      {groups.map((g) => (
        <View
          key={g.category}
          className="dept-group"
          data-testid="department-group"
          data-category={g.category}
        >
          <Text className="dept-group__title" data-testid="department-group-title">
            {g.name}
          </Text>
          <View className="dept-group__grid">
            {g.departments.map((d) => (
              <View
                key={d.id}
                className="dept-item"
                hoverClass="dept-item--pressed"
                data-testid="department-item"
                data-id={d.id}
                onClick={() => navigateTo(routes.department(hospital.id, d.id, hospital.name))}
              >
                <Text className="dept-item__name">{d.name}</Text>
                <Text className="dept-item__meta">
                  {[
                    d.campusId && campusName.get(d.campusId),
                    d.doctorCount > 0 ? `${d.doctorCount} 位医生` : '暂无医生信息',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}
