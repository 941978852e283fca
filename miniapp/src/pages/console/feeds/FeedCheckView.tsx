import { useState } from 'react';
import { Input, Label, Text, View } from '@tarojs/components';
import type { FeedCheckReport } from '@jiankang/shared';
import { errorMessage } from '../../../api';
import { ApiError } from '../../../api/client';
import { consoleFeedCheck } from '../../../api/console';
import { ProblemList, SampleList, Section } from './FeedHealthView';
import { VERDICT_LABEL } from './labels';
import { SubmitRow } from './SubmitRow';

/** 接入检查: reads the feed once now (nothing stored) and shows the conformance report. */
export function FeedCheckView(props: { token: string; hospitalId: string; feedUrl: string }) {
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [report, setReport] = useState<FeedCheckReport | null>(null);

  const run = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      setReport(
        await consoleFeedCheck(props.token, {
          hospitalId: props.hospitalId,
          ...(url.trim() && { url: url.trim() }),
        }),
      );
    } catch (err) {
      setReport(null);
      // The console refuses any URL off the registered feed's server: say that, not just "bad input".
      setError(
        err instanceof ApiError && err.field === 'url'
          ? `号源地址不可用：须为登记号源所在服务器（${new URL(props.feedUrl).origin}）上的 http(s) 地址`
          : errorMessage(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="console__card" data-testid="feed-check">
      <Text className="console__card-title">接入检查</Text>
      <Text className="console__hint">
        立即读取一次号源，不写入数据库。可换用同一服务器上的其他地址（如新版本的号源）。
      </Text>
      <Label className="console__label" for="feed-check-url">
        号源地址（留空为登记地址）
      </Label>
      <Input
        id="feed-check-url"
        data-testid="feed-check-url"
        className="console__input"
        placeholder={props.feedUrl}
        value={url}
        onInput={(e) => setUrl(e.detail.value)}
      />
      <SubmitRow error={error} busy={busy} label="开始检查" onSubmit={() => void run()} />
      {report ? <ReportView report={report} /> : null}
    </View>
  );
}

function ReportView({ report: r }: { report: FeedCheckReport }) {
  const c = r.counts;
  return (
    <View className="console__report" data-testid="feed-check-report">
      <View className="console__row">
        <Text className="console__section-title">检查结果</Text>
        <Text
          className={`console__status console__status--${r.verdict === 'unreadable' ? 'error' : r.verdict}`}
        >
          {VERDICT_LABEL[r.verdict]}
        </Text>
      </View>
      {r.error ? <Text className="console__error">{r.error}</Text> : null}
      <Text className="console__reason">
        地点 {c.locations} · 排班 {c.schedules} · 号源导入 {c.slotsImported} · 已过期 {c.slotsPast} · 无法读取{' '}
        {c.skipped}
      </Text>
      <SampleList title="无法读取的记录（示例）" testId="check-skipped" samples={r.skippedSamples} />
      <ProblemList title="未能读取的文件" testId="check-problems" problems={r.problems} />
      {r.time.firstDate ? (
        <Section title="时间" testId="check-time">
          <Text className="console__reason">
            {r.time.firstDate} 至 {r.time.lastDate}；全天号源 {r.time.allDaySlots}，超过 4 小时{' '}
            {r.time.longSlots}，已过期丢弃 {c.slotsPast}
          </Text>
        </Section>
      ) : null}
      {r.samples.length > 0 ? (
        <Section title="居民看到的样子（3 个号源）" testId="check-samples">
          {r.samples.map((s) => (
            <View key={s.id} className="console__sample">
              <Text className="console__sample-when">
                {s.date} {s.time}
              </Text>
              <Text className="console__sample-who">
                {s.department} · {s.name}
              </Text>
              <Text className="console__reason">
                {s.fee} · {s.remaining} · {s.booking}
              </Text>
            </View>
          ))}
        </Section>
      ) : null}
    </View>
  );
}
