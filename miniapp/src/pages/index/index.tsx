import { useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { DISTRICTS, GRADES, type DistrictCode, type GradeCode } from '@jiankang/shared/domain';
import type { HospitalListItem } from '@jiankang/shared';
import { describeError } from '../../api';
import ChipGroup, { type ChipOption } from '../../components/ChipGroup';
import FreshnessNote from '../../components/FreshnessNote';
import HospitalCard from '../../components/HospitalCard';
import SearchBar from '../../components/SearchBar';
import StateView from '../../components/StateView';
import { useDebouncedValue, useHospitalList } from '../../hooks';
import { isLoggedIn } from '../../api/auth';
import { navigateTo, stopPullDownRefresh, toast } from '../../platform';
import { routes } from '../../routes';
import './index.scss';

const DISTRICT_OPTIONS: ChipOption<DistrictCode | ''>[] = [
  { value: '', label: '全部' },
  ...DISTRICTS.map((d) => ({ value: d.code, label: d.name })),
];

const GRADE_OPTIONS: ChipOption<GradeCode | ''>[] = [
  { value: '', label: '全部等级' },
  ...GRADES.filter((g) => g.code !== 'none').map((g) => ({ value: g.code, label: g.name })),
];

const SEARCH_DEBOUNCE_MS = 300;

/** The two things residents open most after booking, one tap from home (sign-in first if needed). */
const QUICK = [
  {
    title: '电子健康卡',
    note: '就诊出示 一码通用',
    testId: 'home-health-card',
    target: () => routes.healthCard(),
  },
  { title: '报告查询', note: '检验 检查 结果', testId: 'home-reports', target: () => routes.reports() },
];

export default function HomePage() {
  const [keyword, setKeyword] = useState('');
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [district, setDistrict] = useState<DistrictCode | ''>('');
  const [grade, setGrade] = useState<GradeCode | ''>('');
  const debounced = useDebouncedValue(keyword, SEARCH_DEBOUNCE_MS);
  // Pressing 搜索 searches at once; typing waits for the debounce.
  const q = (submitted ?? debounced).trim();

  const filters = useMemo(
    () => ({ district: district || undefined, grade: grade || undefined, q: q || undefined }),
    [district, grade, q],
  );
  const list = useHospitalList(filters);

  useReachBottom(() => {
    void list.loadMore();
  });

  usePullDownRefresh(() => {
    void list.refresh().then((ok) => {
      stopPullDownRefresh();
      if (!ok && list.items.length > 0) toast('刷新失败，请稍后重试');
    });
  });

  const openHospital = (h: HospitalListItem) => navigateTo(routes.hospital(h.id));
  const filtered = Boolean(filters.district || filters.grade || filters.q);

  return (
    <View className="home" data-testid="page-home">
      <View className="home__hero">
        <View className="home__bar">
          <Text className="home__title">找医院</Text>
          <View
            className="home__mine"
            hoverClass="home__mine--pressed"
            role="button"
            aria-label="我的：我的预约、就诊人管理、登录"
            data-testid="home-mine"
            onClick={() => navigateTo(routes.mine())}
          >
            我的
          </View>
        </View>
        <Text className="home__subtitle">惠州市医疗机构目录 · 查科室、找医生</Text>
        <View className="home__quick">
          {QUICK.map((q) => (
            <View
              key={q.testId}
              className="home__quick-item"
              hoverClass="home__quick-item--pressed"
              role="button"
              data-testid={q.testId}
              onClick={() => navigateTo(isLoggedIn() ? q.target() : routes.login(q.target()))}
            >
              <Text className="home__quick-title">{q.title}</Text>
              <Text className="home__quick-note">{q.note}</Text>
            </View>
          ))}
        </View>
        <SearchBar
          value={keyword}
          onChange={(v) => {
            setKeyword(v);
            setSubmitted(null);
          }}
          onConfirm={(v) => setSubmitted(v)}
        />
      </View>

      <View className="home__filters">
        <ChipGroup
          options={DISTRICT_OPTIONS}
          value={district}
          onChange={setDistrict}
          testId="district-filter"
        />
        <ChipGroup
          options={GRADE_OPTIONS}
          value={grade}
          onChange={setGrade}
          testId="grade-filter"
          size="sm"
        />
      </View>

      {list.status === 'loading' && <StateView kind="loading" />}

      {list.status === 'error' && (
        <StateView
          kind="error"
          message={describeError(list.error).message}
          requestId={describeError(list.error).requestId}
          onRetry={() => void list.reload()}
        />
      )}

      {list.status === 'empty' && (
        <View className="home__empty">
          <FreshnessNote directory={list.directory} />
          <StateView
            kind="empty"
            message="没有找到符合条件的医院"
            hint={filtered ? '换个关键词或地区试试' : undefined}
          />
        </View>
      )}

      {list.status === 'ready' && (
        <View className="home__results" data-testid="hospital-list">
          <View className="home__summary">
            <Text className="home__count" data-testid="hospital-total">
              共 {list.total} 家医院
            </Text>
          </View>
          <FreshnessNote directory={list.directory} />
          {list.items.map((h) => (
            <HospitalCard key={h.id} hospital={h} onTap={openHospital} />
          ))}
          <ListFooter
            hasMore={list.hasMore}
            loadingMore={list.loadingMore}
            failed={Boolean(list.moreError)}
            onLoadMore={() => void list.loadMore()}
          />
        </View>
      )}
    </View>
  );
}

function ListFooter(props: {
  hasMore: boolean;
  loadingMore: boolean;
  failed: boolean;
  onLoadMore: () => void;
}) {
  if (props.loadingMore) {
    return <View className="list-footer">正在加载…</View>;
  }
  if (props.failed) {
    return (
      <View className="list-footer list-footer--action" data-testid="load-more" onClick={props.onLoadMore}>
        加载失败，点击重试
      </View>
    );
  }
  if (props.hasMore) {
    return (
      <View className="list-footer list-footer--action" data-testid="load-more" onClick={props.onLoadMore}>
        加载更多
      </View>
    );
  }
  return (
    <View className="list-footer" data-testid="list-end">
      没有更多了
    </View>
  );
}
