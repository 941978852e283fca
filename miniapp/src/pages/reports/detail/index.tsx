import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { ReportView } from '@jiankang/shared';
import { beijingDate, beijingTime, problemLabel } from '@jiankang/shared/domain';
import { download } from '../../../api/client';
import { describeError } from '../../../api/errors';
import { exportPath, getReport } from '../../../api/reports';
import StateView from '../../../components/StateView';
import { decodeParam, navigateTo, openDownloaded, toast } from '../../../platform';
import { routes } from '../../../routes';
import { flagText, statusMark } from '../../../utils/reports';
import '../_reports.scss';

type State =
  { state: 'loading' } | { state: 'ready'; report: ReportView } | { state: 'error'; error: unknown };

/**
 * One report: each result with its unit and reference range, abnormal ones marked ↑ 偏高 / ↓ 偏低
 * in words as well as colour, whether the flag is the hospital's or computed, what could not be
 * read, 互认, imaging findings and conclusion; export as PDF or FHIR, and a trend per analyte.
 */
export default function ReportDetailPage() {
  const router = useRouter();
  const id = decodeParam(router.params.id);
  const patientId = decodeParam(router.params.patientId);
  const [view, setView] = useState<State>({ state: 'loading' });
  const [exporting, setExporting] = useState<'pdf' | 'fhir' | null>(null);

  useEffect(() => {
    getReport(id)
      .then((report) => setView({ state: 'ready', report }))
      .catch((error: unknown) => setView({ state: 'error', error }));
  }, [id]);

  const exportAs = async (format: 'pdf' | 'fhir') => {
    setExporting(format);
    try {
      const file = await download(exportPath(id, format));
      await openDownloaded(file, format === 'pdf' ? 'pdf' : 'json');
    } catch (err) {
      toast(describeError(err).message);
    } finally {
      setExporting(null);
    }
  };

  if (view.state === 'loading') return <StateView kind="loading" message="正在读取报告…" />;
  if (view.state === 'error')
    return (
      <StateView
        kind="error"
        message={describeError(view.error).message}
        requestId={describeError(view.error).requestId}
      />
    );
  const r = view.report;
  return (
    <View className="report" data-testid="page-report">
      <View className="report__head">
        <Text className="report__title">{r.title}</Text>
        <Text className="report__meta">
          {r.hospitalName}
          {r.department ? ` · ${r.department}` : ''}
          {r.performer ? ` · ${r.performer}` : ''}
        </Text>
        {statusMark(r.status) && (
          <Text className="report__meta" data-testid="report-status">
            {statusMark(r.status)}
          </Text>
        )}
        <Text className="report__meta">
          {r.type === 'lab' ? '检验' : '检查'} · 报告时间 {beijingDate(r.issuedAt)} {beijingTime(r.issuedAt)}
        </Text>
        {r.mutualRecognition && (
          <Text className="report__mutual" data-testid="report-mutual">
            互认：本市互认医疗机构间可直接采用此结果
          </Text>
        )}
      </View>

      {r.items.length > 0 && (
        <View className="report__items">
          <View className="report__row report__row--head">
            <Text className="report__name">项目</Text>
            <Text className="report__value">结果</Text>
            <Text className="report__range">参考范围</Text>
          </View>
          {r.items.map((item, i) => {
            const flag = flagText(item.flag);
            return (
              <View
                key={`${item.name}-${i}`}
                className={`report__row${flag ? ' report__row--abnormal' : ''}`}
                data-testid={flag ? 'report-item-abnormal' : 'report-item'}
              >
                <View className="report__name">
                  <Text>{item.name}</Text>
                  {item.analyte && patientId && (
                    <Text
                      className="report__trend-link"
                      data-testid="report-trend-link"
                      onClick={() => navigateTo(routes.reportTrend(patientId, item.analyte!))}
                    >
                      趋势 ›
                    </Text>
                  )}
                </View>
                <View className="report__value">
                  <Text className={flag ? 'report__flagged' : ''}>
                    {item.value}
                    {flag ? ` ${flag.arrow}` : ''}
                  </Text>
                  <Text className="report__unit">{item.unit ?? ''}</Text>
                  {item.interpretation && <Text className="report__flag-word">{item.interpretation}</Text>}
                  {flag && (
                    <Text className="report__flag-word">
                      {flag.word}
                      {item.flagSource === 'computed' ? '（按参考范围判断）' : ''}
                    </Text>
                  )}
                  {item.problems.map((p) => (
                    <Text key={p} className="report__problem">
                      {problemLabel(p)}
                    </Text>
                  ))}
                </View>
                <Text className="report__range">{item.range?.text ?? '—'}</Text>
              </View>
            );
          })}
        </View>
      )}

      {(r.findings || r.conclusion) && (
        <View className="report__imaging">
          {r.findings && (
            <>
              <Text className="report__section">影像所见</Text>
              <Text className="report__text">{r.findings}</Text>
            </>
          )}
          {r.conclusion && (
            <>
              <Text className="report__section">诊断意见</Text>
              <Text className="report__text">{r.conclusion}</Text>
            </>
          )}
        </View>
      )}
      {r.attachment && !r.attachment.available && (
        <Text className="report__problem report__problem--block">
          原始报告文件未能附上{r.attachment.problem ? `（${r.attachment.problem}）` : ''}
          ，请到医院自助机打印。
        </Text>
      )}
      {r.problems.length > 0 && (
        <View className="report__problems" data-testid="report-problems">
          <Text className="report__section">未能识别的内容</Text>
          {r.problems.map((p) => (
            <Text key={p} className="report__text">
              {problemLabel(p)}
            </Text>
          ))}
        </View>
      )}

      <View className="report__actions">
        <Button
          className="reports__secondary"
          data-testid="report-export-pdf"
          loading={exporting === 'pdf'}
          onClick={() => void exportAs('pdf')}
        >
          导出 PDF
        </Button>
        <Button
          className="reports__secondary"
          data-testid="report-export-fhir"
          loading={exporting === 'fhir'}
          onClick={() => void exportAs('fhir')}
        >
          导出 FHIR
        </Button>
      </View>
      <Text className="report__disclaimer">结果仅供参考，请以医院出具的报告和医生的解读为准。</Text>
    </View>
  );
}
