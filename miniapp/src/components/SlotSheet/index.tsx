import { Button, Text, View } from '@tarojs/components';
import type { DoctorTitle, SchedulePeriod } from '@jiankang/shared';
import { beijingDate } from '@jiankang/shared/domain';
import { getSlot } from '../../api';
import { useAsync } from '../../hooks';
import { disabledIf, navigateTo } from '../../platform';
import { routes } from '../../routes';
import { formatYuan, longDateLabel, periodTimeRange, periodView } from '../../utils/slots';
import ExternalBooking from '../ExternalBooking';
import './index.scss';

export interface SlotPick {
  hospitalName: string;
  departmentName: string;
  doctorName: string;
  doctorTitle: DoctorTitle | null;
  period: SchedulePeriod;
}

interface Props {
  pick: SlotPick;
  onClose: () => void;
}

/**
 * A bottom sheet with one period's details, re-read from the BFF so the count is current, and
 * 预约 leading to the confirmation page (which asks for sign-in only then). A period that has
 * filled up or started meanwhile says so on the button instead.
 */
export default function SlotSheet({ pick, onClose }: Props) {
  const latest = useAsync(() => getSlot(pick.period.id), [pick.period.id]);
  // The latest copy when it came; what the schedule showed while it loads or if it failed.
  const period: SchedulePeriod = latest.data ?? pick.period;
  const view = periodView(period);
  const doctor = [latest.data?.serviceName ?? pick.doctorName, latest.data?.doctorTitle ?? pick.doctorTitle]
    .filter(Boolean)
    .join(' ');
  const rows: [string, string, string][] = [
    ['医院', latest.data?.hospitalName ?? pick.hospitalName, 'sheet-hospital'],
    ['科室', latest.data?.departmentName ?? pick.departmentName, 'sheet-department'],
    ['医生', doctor, 'sheet-doctor'],
    ['日期', longDateLabel(beijingDate(period.start)), 'sheet-date'],
    ['时间', periodTimeRange(period), 'sheet-time'],
    ['挂号费', formatYuan(period.feeFen), 'sheet-fee'],
    ['号源', view.text, 'sheet-status'],
  ];
  return (
    <View className="slot-sheet" data-testid="slot-sheet">
      <View className="slot-sheet__mask" onClick={onClose} aria-hidden />
      <View className="slot-sheet__panel" role="dialog" aria-label="号源详情">
        <View className="slot-sheet__head">
          <Text className="slot-sheet__title">号源详情</Text>
          <View
            className="slot-sheet__close"
            data-testid="slot-sheet-close"
            role="button"
            aria-label="关闭"
            onClick={onClose}
          >
            ×
          </View>
        </View>
        {rows.map(([label, value, testId]) => (
          <View key={label} className="slot-sheet__row">
            <Text className="slot-sheet__label">{label}</Text>
            <Text className="slot-sheet__value" data-testid={testId}>
              {value}
            </Text>
          </View>
        ))}
        {latest.status === 'loading' && <Text className="slot-sheet__hint">正在确认最新余号…</Text>}
        {latest.status === 'error' && (
          <Text className="slot-sheet__hint">暂时无法确认最新余号，以上为刚才查询的结果</Text>
        )}
        {period.booking.mode === 'external' ? (
          <ExternalBooking booking={period.booking} hospitalName={pick.hospitalName} />
        ) : (
          <Button
            className="slot-sheet__button"
            data-testid="slot-book"
            disabled={disabledIf(!view.tappable)}
            onClick={() => {
              if (!view.tappable) return;
              onClose();
              navigateTo(routes.bookingConfirm(period.id));
            }}
          >
            {view.tappable ? '预约' : `${view.text}，不可预约`}
          </Button>
        )}
      </View>
    </View>
  );
}
