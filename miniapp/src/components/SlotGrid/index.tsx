import { Text, View } from '@tarojs/components';
import type { SchedulePeriod } from '@jiankang/shared';
import { groupSessions, periodView } from '../../utils/slots';
import './index.scss';

interface Props {
  periods: readonly SchedulePeriod[];
  onPick: (period: SchedulePeriod) => void;
  /** Rendering time; defaults to now. */
  now?: number;
}

/** One doctor's day in 分时段 periods, grouped 上午 / 下午 / 晚上; only bookable periods respond to a tap. */
export default function SlotGrid({ periods, onPick, now = Date.now() }: Props) {
  return (
    <View className="slot-grid" data-testid="slot-grid">
      {groupSessions(periods).map((session) => (
        <View
          key={session.key}
          className={`slot-session${session.cancelled ? ' slot-session--cancelled' : ''}`}
          data-testid="slot-session"
          data-cancelled={session.cancelled}
        >
          <View className="slot-session__head">
            <Text className="slot-session__name">{session.name}</Text>
            {session.cancelled && (
              <Text className="slot-session__badge" data-testid="slot-session-cancelled">
                本时段停诊
              </Text>
            )}
          </View>
          <View className="slot-session__cells">
            {session.periods.map((p) => {
              const view = periodView(p, now);
              return (
                <View
                  key={p.id}
                  className={`slot-cell slot-cell--${view.state}`}
                  hoverClass={view.tappable ? 'slot-cell--pressed' : 'none'}
                  role="button"
                  aria-disabled={!view.tappable}
                  aria-label={`${view.time} ${view.text}`}
                  data-testid="slot-cell"
                  data-id={p.id}
                  data-state={view.state}
                  onClick={() => {
                    if (view.tappable) onPick(p);
                  }}
                >
                  <Text className="slot-cell__time" data-testid="slot-time">
                    {view.time}
                  </Text>
                  <Text className="slot-cell__status" data-testid="slot-status">
                    {view.text}
                  </Text>
                </View>
              );
            })}
          </View>
        </View>
      ))}
    </View>
  );
}
