import { Text, View } from '@tarojs/components';
import type { ConsoleFeedDetail } from '@jiankang/shared';
import { beijingStamp, KIND_LABEL, lagText, STATUS_LABEL } from './labels';

/** One hospital's feed health: state, last good read, what could not be read, pushes, slots per day. */
export function FeedHealthView({ feed }: { feed: ConsoleFeedDetail }) {
  const most = Math.max(1, ...feed.slotsPerDay.map((d) => d.slots));
  return (
    <View className="console__card" data-testid="feed-health">
      <View className="console__row">
        <Text className="console__card-title">{feed.hospitalName}</Text>
        <Text className={`console__status console__status--${feed.status}`} data-testid="feed-status">
          {STATUS_LABEL[feed.status]}
        </Text>
      </View>
      <Text className="console__meta">
        {KIND_LABEL[feed.kind] ?? feed.kind} · {feed.feedUrl}
      </Text>
      <View className="console__facts">
        <Fact label="最近成功" value={feed.lastSuccessAt ? beijingStamp(feed.lastSuccessAt) : '从未成功'} />
        <Fact label="延迟" value={lagText(feed.lagSeconds)} />
        <Fact label="号源数" value={String(feed.slotCount)} />
        <Fact label="无法读取" value={`${feed.skippedCount} 条`} />
        <Fact label="已过期丢弃" value={`${feed.pastCount} 条`} />
        <Fact label="推送" value={feed.push ? '已开通' : '未开通'} />
      </View>
      {feed.lastError ? (
        <View role="alert">
          <Text className="console__error">
            最近一次读取失败（连续 {feed.consecutiveFailures} 次）：{feed.lastError}
          </Text>
        </View>
      ) : null}

      <SampleList
        title={`无法读取的记录（共 ${feed.skippedCount} 条，示例）`}
        testId="skipped"
        samples={feed.skippedSamples}
      />

      <ProblemList
        title={`未能读取的文件（${feed.problems.length}）`}
        testId="problems"
        problems={feed.problems}
      />

      <Section title="推送记录（最近 50 次）" testId="push-log">
        {feed.pushLog.length === 0 ? <Text className="console__hint">暂无推送</Text> : null}
        {feed.pushLog.map((p, i) => (
          <View key={`${p.at}-${i}`} className="console__push">
            <Text className={`console__push-outcome console__push-outcome--${p.outcome}`}>
              {p.outcome === 'accepted' ? '已接受' : '已拒绝'}
            </Text>
            <Text className="console__push-at">{beijingStamp(p.at)}</Text>
            <Text className="console__reason">
              {p.outcome === 'accepted'
                ? `${p.events} 个事件：生效 ${p.accepted}，重复 ${p.duplicates}，过时 ${p.outdated}，未知号源 ${p.unknown}`
                : (p.reason ?? '')}
            </Text>
          </View>
        ))}
      </Section>

      <Section title="未来 14 天号源（每天）" testId="slots-per-day">
        {feed.slotsPerDay.map((d) => (
          <View
            key={d.date}
            className="console__day"
            aria-label={`${d.date} 共 ${d.slots} 个号源，可约 ${d.available}`}
          >
            <Text className="console__day-date">{d.date.slice(5)}</Text>
            <View className="console__bar">
              <View
                className="console__bar-fill"
                style={{ width: `${Math.round((d.slots / most) * 100)}%` }}
              />
            </View>
            <Text className="console__day-count">
              {d.slots}（可约 {d.available}）
            </Text>
          </View>
        ))}
      </Section>
    </View>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className="console__fact">
      <Text className="console__fact-label">{label}</Text>
      <Text className="console__fact-value">{value}</Text>
    </View>
  );
}

export function Section(props: { title: string; testId: string; children?: React.ReactNode }) {
  return (
    <View className="console__section" data-testid={props.testId}>
      <Text className="console__section-title">{props.title}</Text>
      {props.children}
    </View>
  );
}

/** The unreadable records' reasons, each naming its record; nothing when there are none. */
export function SampleList(props: { title: string; testId: string; samples: readonly string[] }) {
  if (props.samples.length === 0) return null;
  return (
    <Section title={props.title} testId={props.testId}>
      {props.samples.map((s) => (
        <Text key={s} className="console__mono">
          {s}
        </Text>
      ))}
    </Section>
  );
}

/** The files or pages that could not be read, each with why; nothing when there are none. */
export function ProblemList(props: {
  title: string;
  testId: string;
  problems: readonly { url: string; reason: string }[];
}) {
  if (props.problems.length === 0) return null;
  return (
    <Section title={props.title} testId={props.testId}>
      {props.problems.map((p) => (
        <View key={p.url} className="console__problem">
          <Text className="console__mono">{p.url}</Text>
          <Text className="console__reason">{p.reason}</Text>
        </View>
      ))}
    </Section>
  );
}
