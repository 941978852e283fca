import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { EarliestItem } from '@jiankang/shared';
import { DISTRICTS, beijingDate, standardDepartment, type DistrictCode } from '@jiankang/shared/domain';
import { describeError, searchEarliest } from '../../../api';
import ChipGroup, { type ChipOption } from '../../../components/ChipGroup';
import StateView from '../../../components/StateView';
import { useAsync } from '../../../hooks';
import {
  backLabel,
  backOrHome,
  decodeParam,
  navigateTo,
  setTitle,
  stopPullDownRefresh,
  toast,
} from '../../../platform';
import { routes } from '../../../routes';
import { describeSource, formatYuan, longDateLabel, periodTimeRange } from '../../../utils/slots';
import { liveSummary, unreachableHospitals } from './earliest';
import './index.scss';

const DISTRICT_OPTIONS: ChipOption<DistrictCode | ''>[] = [
  { value: '', label: '全部' },
  ...DISTRICTS.map((d) => ({ value: d.code, label: d.name })),
];

const LIMIT = 20;

export default function EarliestPage() {
  const { params } = useRouter();
  const dept = decodeParam(params.dept);
  const deptName = decodeParam(params.dname) || standardDepartment(dept)?.name || '';
  const [district, setDistrict] = useState<DistrictCode | ''>('');
  // A pull-down (or 实时刷新) asks the hospitals first; a filter change reads the stored slots.
  const liveNext = useRef(false);

  const result = useAsync(async () => {
    if (!dept) throw new Error('missing dept');
    const live = liveNext.current;
    liveNext.current = false;
    setTitle(deptName ? `${deptName} · 最早可约` : '全市最早可约');
    return searchEarliest({ dept, district: district || undefined, limit: LIMIT, ...(live && { live }) });
  }, [dept, district]);

  const refreshLive = () => {
    liveNext.current = true;
    return result.refresh().then((ok) => {
      if (!ok) toast('刷新失败，请稍后重试');
      return ok;
    });
  };

  usePullDownRefresh(() => {
    void refreshLive().then(() => stopPullDownRefresh());
  });

  if (!dept) {
    return (
      <View className="earliest" data-testid="page-earliest">
        <StateView kind="error" message="没有指定科室" onBack={backOrHome} backLabel={backLabel()} />
      </View>
    );
  }

  const data = result.data;
  const unreachable = data ? unreachableHospitals(data.sources) : [];
  const summary = data ? liveSummary(data) : null;

  return (
    <View className="earliest" data-testid="page-earliest">
      <View className="earliest__hero">
        <Text className="earliest__title" data-testid="earliest-title">
          {deptName || dept} · 全市最早可约
        </Text>
        <Text className="earliest__subtitle">按就诊时间排序，每位医生每个时段显示最早一个号</Text>
      </View>
      <View className="earliest__filters">
        <ChipGroup
          options={DISTRICT_OPTIONS}
          value={district}
          onChange={setDistrict}
          testId="earliest-district"
        />
      </View>

      {result.status === 'loading' && <StateView kind="loading" message="正在查找最早可约号源…" />}

      {result.status === 'error' && (
        <StateView
          kind="error"
          message={describeError(result.error).message}
          hint={describeError(result.error).hint}
          requestId={describeError(result.error).requestId}
          onRetry={() => void result.reload()}
        />
      )}

      {data && result.status === 'ready' && (
        <View className="earliest__results" data-testid="earliest-results">
          <View className="earliest__toolbar">
            <Text className="earliest__count" data-testid="earliest-count">
              {data.items.length > 0 ? `共 ${data.items.length} 个可约时段` : '暂无可约时段'}
              {summary ? ` · ${summary}` : ''}
            </Text>
            <View
              className={`earliest__refresh${result.refreshing ? ' earliest__refresh--busy' : ''}`}
              hoverClass="earliest__refresh--pressed"
              role="button"
              data-testid="earliest-live-refresh"
              onClick={() => {
                if (!result.refreshing) void refreshLive();
              }}
            >
              {result.refreshing ? '刷新中…' : '实时刷新'}
            </View>
          </View>
          {unreachable.length > 0 && (
            <View className="earliest__notice" data-testid="earliest-unreachable" role="note">
              <Text className="earliest__notice-mark">!</Text>
              <Text className="earliest__notice-text">
                以下医院暂时无法连接：{unreachable.join('、')}。
                {unreachable.length > 1 ? '这些医院' : '该医院'}显示的是最近一次同步的号源，请以医院为准。
              </Text>
            </View>
          )}
          {data.items.length === 0 ? (
            <StateView
              kind="empty"
              message="近期暂无可预约号源"
              hint={district ? '换个地区试试，或下拉刷新' : '下拉可实时刷新'}
            />
          ) : (
            <View className="earliest__list" data-testid="earliest-list">
              {data.items.map((item) => (
                <EarliestCard key={item.slot.id} item={item} />
              ))}
            </View>
          )}
        </View>
      )}
    </View>
  );
}

function EarliestCard({ item }: { item: EarliestItem }) {
  const { slot } = item;
  const date = beijingDate(slot.start);
  const stale = item.freshness.status !== 'ok';
  return (
    <View
      className="earliest-card"
      hoverClass="earliest-card--pressed"
      data-testid="earliest-item"
      data-id={slot.id}
      data-start={slot.start}
      data-hospital={slot.hospitalId}
      onClick={() =>
        navigateTo(
          slot.departmentId
            ? routes.department(slot.hospitalId, slot.departmentId, item.hospitalName, date)
            : routes.services(slot.hospitalId, item.hospitalName, date),
        )
      }
    >
      <View className="earliest-card__when">
        <Text className="earliest-card__date" data-testid="earliest-date">
          {longDateLabel(date)}
        </Text>
        <Text className="earliest-card__time" data-testid="earliest-time">
          {periodTimeRange(slot)}
        </Text>
      </View>
      <View className="earliest-card__body">
        <View className="earliest-card__head">
          <Text className="earliest-card__hospital" data-testid="earliest-hospital">
            {item.hospitalName}
          </Text>
          <Text className="earliest-card__district" data-testid="earliest-district-name">
            {item.districtName}
          </Text>
        </View>
        <Text className="earliest-card__doctor" data-testid="earliest-doctor">
          {[item.departmentName, slot.serviceName, slot.doctorTitle].filter(Boolean).join(' · ')}
        </Text>
        <View className="earliest-card__foot">
          <Text className="earliest-card__remaining" data-testid="earliest-remaining">
            余{slot.remaining}
          </Text>
          <Text className="earliest-card__fee">挂号费 {formatYuan(slot.feeFen)}</Text>
          <View
            className="earliest-card__book"
            hoverClass="earliest-card__book--pressed"
            role="button"
            data-testid="earliest-book"
            onClick={(e) => {
              // 预约 goes straight to the confirmation; the rest of the card opens the department.
              e.stopPropagation();
              navigateTo(routes.bookingConfirm(slot.id));
            }}
          >
            预约
          </View>
        </View>
        {stale && (
          <Text className="earliest-card__stale" data-testid="earliest-item-stale">
            {describeSource(item.freshness).text}
          </Text>
        )}
      </View>
    </View>
  );
}
