import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TrendResponse } from '@jiankang/shared';
import { beijingDate } from '@jiankang/shared/domain';
import { describeError } from '../../../api/errors';
import { getTrend } from '../../../api/reports';
import StateView from '../../../components/StateView';
import { decodeParam } from '../../../platform';
import { flagText, sourcesNotice } from '../../../utils/reports';
import { trendSvgDataUrl } from '../../../utils/trend-svg';
import '../_reports.scss';

type State =
  { state: 'loading' } | { state: 'ready'; trend: TrendResponse } | { state: 'error'; error: unknown };

/** One analyte across hospitals and years, in one unit (the BFF converts mg/dL ↔ mmol/L …). */
export default function TrendPage() {
  const router = useRouter();
  const patientId = decodeParam(router.params.patientId);
  const code = decodeParam(router.params.code);
  const [view, setView] = useState<State>({ state: 'loading' });

  useEffect(() => {
    getTrend(patientId, code)
      .then((trend) => setView({ state: 'ready', trend }))
      .catch((error: unknown) => setView({ state: 'error', error }));
  }, [patientId, code]);

  if (view.state === 'loading') return <StateView kind="loading" message="正在汇总各医院结果…" />;
  if (view.state === 'error') return <StateView kind="error" message={describeError(view.error).message} />;
  const t = view.trend;
  const notice = sourcesNotice(t.sources);
  const newestFirst = [...t.points].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <View className="trend" data-testid="page-trend">
      <Text className="report__title">{t.name}</Text>
      <Text className="report__meta">单位 {t.unitLabel}（各医院结果已换算为同一单位）</Text>
      {notice && <Text className="reports__notice">部分医院的结果暂未显示：{notice}。</Text>}
      {t.points.length === 0 ? (
        <StateView kind="empty" message="暂无可绘制的结果" />
      ) : (
        <Image
          className="trend__chart"
          data-testid="trend-chart"
          src={trendSvgDataUrl(t.points)}
          mode="widthFix"
          ariaLabel={`${t.name}趋势图`}
        />
      )}
      <View className="report__items">
        {newestFirst.map((p, i) => {
          const flag = flagText(p.flag);
          return (
            <View
              key={`${p.at}-${i}`}
              className={`report__row${flag ? ' report__row--abnormal' : ''}`}
              data-testid="trend-point"
            >
              <Text className="report__name">
                {beijingDate(p.at)} {p.hospitalName}
              </Text>
              <Text className="report__value">
                {formatValue(p.value)} {t.unitLabel}
                {flag ? ` ${flag.arrow}${flag.word}` : ''}
              </Text>
              <Text className="report__range">
                原 {p.original.value} {p.original.unit ?? ''}
              </Text>
            </View>
          );
        })}
      </View>
      {t.skipped.length > 0 && (
        <Text className="report__problem report__problem--block">
          另有 {t.skipped.length} 个结果无法换算或识别，未画入图中。
        </Text>
      )}
    </View>
  );
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2).replace(/0$/, '');
}
