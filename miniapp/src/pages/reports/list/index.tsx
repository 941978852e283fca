import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { AccessLogEntry, ReportListResponse } from '@jiankang/shared';
import { beijingDate, beijingTime } from '@jiankang/shared/domain';
import { ApiError } from '../../../api/client';
import { describeError, needsSignIn } from '../../../api/errors';
import { acceptRecordsConsent, getRecordsConsent, listAccessLog, listReports } from '../../../api/reports';
import PatientChips from '../../../components/PatientChips';
import SessionFixView from '../../../components/SessionFixView';
import StateView from '../../../components/StateView';
import { usePatientChoice } from '../../../hooks';
import { decodeParam, navigateTo, stopPullDownRefresh, toast } from '../../../platform';
import { routes } from '../../../routes';
import { groupReports, sourcesNotice, statusMark } from '../../../utils/reports';
import '../_reports.scss';

type Filter = 'all' | 'lab' | 'imaging';
type State =
  | { state: 'loading' }
  | { state: 'consent'; version: string }
  | { state: 'ready'; answer: ReportListResponse }
  | { state: 'error'; error: unknown };

const ACTION_TEXT: Record<AccessLogEntry['action'], string> = {
  list: '查看报告列表',
  view: '查看报告',
  export: '导出报告',
  trend: '查看指标趋势',
};

const FILTERS: { key: Filter; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'lab', label: '检验' },
  { key: 'imaging', label: '检查' },
];

/**
 * 检查检验报告: every hospital's reports of one patient, newest day first and grouped by hospital,
 * with the hospitals that could not be reached named at the top. Records from other hospitals are
 * shown only after the resident agrees (共享调阅), once per patient.
 */
export default function ReportListPage() {
  const router = useRouter();
  const {
    patients,
    patientId,
    setPatientId,
    error: patientsError,
  } = usePatientChoice(decodeParam(router.params.patientId));
  const [filter, setFilter] = useState<Filter>('all');
  const [list, setList] = useState<State>({ state: 'loading' });
  const [agreeing, setAgreeing] = useState(false);
  const [log, setLog] = useState<AccessLogEntry[] | null>(null);

  const showLog = async () => {
    try {
      setLog(await listAccessLog(patientId));
    } catch (err) {
      toast(describeError(err).message);
    }
  };

  useEffect(() => {
    if (patientsError) setList({ state: 'error', error: patientsError });
  }, [patientsError]);

  const load = async () => {
    if (!patientId) return;
    try {
      const answer = await listReports(patientId, filter === 'all' ? {} : { type: filter });
      setList({ state: 'ready', answer });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'RECORDS_CONSENT_REQUIRED') {
        const consent = await getRecordsConsent(patientId).catch(() => null);
        setList({ state: 'consent', version: consent?.currentVersion ?? '' });
      } else setList({ state: 'error', error });
    }
  };

  useEffect(() => {
    setList({ state: 'loading' });
    setLog(null);
    void load();
  }, [patientId, filter]);
  usePullDownRefresh(() => void load().then(() => stopPullDownRefresh()));

  const agree = async (version: string) => {
    setAgreeing(true);
    try {
      await acceptRecordsConsent(patientId, version);
      setList({ state: 'loading' });
      await load();
    } catch (err) {
      toast(describeError(err).message);
    } finally {
      setAgreeing(false);
    }
  };

  if (list.state === 'error' && needsSignIn(list.error)) {
    return <SessionFixView error={list.error} returnTo={routes.reports(patientId)} />;
  }

  const notice = list.state === 'ready' ? sourcesNotice(list.answer.sources) : null;
  const groups = list.state === 'ready' ? groupReports(list.answer.items) : [];
  return (
    <View className="reports" data-testid="page-reports">
      <PatientChips patients={patients} selected={patientId} onSelect={setPatientId} />
      <View className="reports__tabs" role="tablist">
        {FILTERS.map((f) => (
          <View
            key={f.key}
            role="tab"
            aria-selected={filter === f.key}
            data-testid={`reports-tab-${f.key}`}
            className={`reports__tab${filter === f.key ? ' reports__tab--on' : ''}`}
            onClick={() => setFilter(f.key)}
          >
            {f.label}
          </View>
        ))}
      </View>

      {list.state === 'loading' && <StateView kind="loading" message="正在向各医院查询报告…" />}
      {list.state === 'error' && (
        <StateView
          kind="error"
          message={describeError(list.error).message}
          requestId={describeError(list.error).requestId}
          onRetry={() => void load()}
        />
      )}
      {patients?.length === 0 && (
        <StateView kind="empty" message="还没有就诊人" hint="先在“就诊人管理”中添加本人或家人" />
      )}
      {list.state === 'consent' && (
        <View className="reports__consent" data-testid="reports-consent">
          <Text className="reports__consent-title">查看在其他医院的检查检验结果</Text>
          <Text className="reports__consent-text">
            报告来自您就诊过的各家医院，经区域卫生信息平台共享调阅。同意后，本账号可以查看该就诊人在全市各医院的报告；每次查看和导出都会被记录，您可以在“查阅记录”中看到。
          </Text>
          <Button
            className="reports__primary"
            data-testid="reports-consent-agree"
            loading={agreeing}
            onClick={() => void agree(list.version)}
          >
            同意并查看
          </Button>
        </View>
      )}

      {notice && (
        <View className="reports__notice" data-testid="reports-notice">
          <Text>部分医院的报告暂未显示：{notice}。</Text>
        </View>
      )}
      {list.state === 'ready' && list.answer.items.length === 0 && !notice && (
        <StateView kind="empty" message="暂无报告" hint="就诊后医院出具的检查检验报告会显示在这里" />
      )}
      {groups.map((g) => (
        <View key={g.date} className="reports__day">
          <Text className="reports__date">{g.date}</Text>
          {g.hospitals.map((h) => (
            <View key={h.hospitalId} className="reports__hospital">
              <Text className="reports__hospital-name">{h.hospitalName}</Text>
              {h.reports.map((r) => (
                <View
                  key={r.id}
                  className="report-card"
                  data-testid="report-card"
                  role="button"
                  onClick={() => navigateTo(routes.report(r.id, patientId))}
                >
                  <View className="report-card__head">
                    <Text className="report-card__title">{r.title}</Text>
                    <Text className="report-card__type">{r.type === 'lab' ? '检验' : '检查'}</Text>
                    {statusMark(r.status) && (
                      <Text className="report-card__status" data-testid="report-status">
                        {statusMark(r.status)}
                      </Text>
                    )}
                  </View>
                  <View className="report-card__meta">
                    <Text>{beijingTime(r.issuedAt)}</Text>
                    {r.department && <Text>{r.department}</Text>}
                    {r.mutualRecognition && <Text className="report-card__mutual">互认</Text>}
                  </View>
                  {r.abnormalCount > 0 && (
                    <Text className="report-card__abnormal" data-testid="report-abnormal">
                      {r.abnormalCount} 项异常
                    </Text>
                  )}
                  {r.problems.length > 0 && (
                    <Text className="report-card__problem">部分结果无法识别，详见报告</Text>
                  )}
                </View>
              ))}
            </View>
          ))}
        </View>
      ))}
      {patientId && list.state === 'ready' && (
        <View className="reports__log">
          <View
            className="reports__link"
            role="button"
            data-testid="reports-access-log"
            onClick={() => void showLog()}
          >
            查阅记录（谁在何时查看或导出过报告）{log ? '' : ' ›'}
          </View>
          {log?.length === 0 && <Text className="reports__muted">暂无记录</Text>}
          {log?.map((e, i) => (
            <Text key={`${e.at}-${i}`} className="reports__log-entry" data-testid="access-log-entry">
              {beijingDate(e.at)} {beijingTime(e.at)} · {ACTION_TEXT[e.action]}
              {e.detail ? ` · ${e.detail}` : ''}
            </Text>
          ))}
        </View>
      )}
    </View>
  );
}
