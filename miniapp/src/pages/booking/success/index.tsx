import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { Booking } from '@jiankang/shared';
import { relationName, type Relation } from '@jiankang/shared/domain';
import { getBooking } from '../../../api/bookings';
import { codeMessage, describeError } from '../../../api/errors';
import StateView from '../../../components/StateView';
import { useAsync } from '../../../hooks';
import { backLabel, backOrHome, canSubscribe, decodeParam } from '../../../platform';
import { routes } from '../../../routes';
import { awaitingHospital, cancelOffer, pollBooking, statusView, visitLabel } from '../../../utils/bookings';
import { formatYuan } from '../../../utils/slots';
import SummaryRows from '../SummaryRows';
import '../_booking.scss';
import './index.scss';

const REMINDER_TEXT: Record<string, string> = {
  accepted: '已订阅就诊提醒，就诊前会通过微信通知您。',
  rejected: '未订阅就诊提醒，请留意就诊时间。',
};

/**
 * 预约结果. A booking the hospital has not answered yet (202) is re-read every 2 s for up to
 * ~30 s while the page shows 医院确认中; after that 我的预约 shows the outcome when it comes.
 */
export default function BookingSuccessPage() {
  const { params } = useRouter();
  const id = decodeParam(params.id);
  const reminder = decodeParam(params.reminder);
  const first = useAsync(() => getBooking(id), [id]);
  const [latest, setLatest] = useState<Booking | null>(null);
  const [waitedOut, setWaitedOut] = useState(false);

  useEffect(() => {
    const b = first.data;
    if (!b || !awaitingHospital(b)) return;
    let left = false;
    void pollBooking(b, getBooking, { cancelled: () => left, onUpdate: setLatest }).then((last) => {
      if (!left && awaitingHospital(last)) setWaitedOut(true);
    });
    return () => {
      left = true;
    };
  }, [first.data]);

  if (first.status === 'loading') return <StateView kind="loading" message="正在读取预约结果…" />;
  if (first.status === 'error' || !first.data) {
    const view = describeError(first.error);
    return (
      <StateView
        kind="error"
        {...view}
        onRetry={view.retryable ? () => void first.reload() : undefined}
        onBack={backOrHome}
        backLabel={backLabel()}
      />
    );
  }

  const b = latest ?? first.data;
  const status = statusView(b);
  const pending = awaitingHospital(b);
  const failed = b.status === 'failed';
  const offer = cancelOffer(b);
  const title = failed ? '预约未成功' : pending ? '已提交，医院确认中' : '预约成功';

  return (
    <View className="result" data-testid="page-booking-success" data-status={b.status}>
      <View className={`result__hero result__hero--${status.tone}`}>
        <View className="result__icon" aria-hidden>
          {failed ? '!' : pending ? '…' : '✓'}
        </View>
        <Text className="result__title" data-testid="success-title">
          {title}
        </Text>
        {pending && (
          <Text className="result__sub" data-testid="success-waiting">
            {waitedOut ? '医院仍在确认，结果将在“我的预约”中更新' : '正在等待医院确认，请稍候…'}
          </Text>
        )}
        {failed && <Text className="result__sub">{codeMessage(b.failureCode) ?? '医院未接受这次预约'}</Text>}
      </View>

      <View className="bk-section">
        <SummaryRows
          rows={[
            { label: '状态', value: status.text, testId: 'success-status' },
            {
              label: '就诊人',
              value: `${b.patient.name}（${relationName(b.patient.relation as Relation) || b.patient.relation}）`,
              testId: 'success-patient',
            },
            { label: '医院', value: b.hospitalName, testId: 'success-hospital' },
            { label: '科室', value: b.departmentName, testId: 'success-department' },
            { label: '医生', value: b.slot.doctorName ?? '', testId: 'success-doctor' },
            { label: '就诊时间', value: visitLabel(b.slot), testId: 'success-time' },
            { label: '挂号费', value: formatYuan(b.slot.feeFen), testId: 'success-fee' },
            ...(b.hospitalBookingId
              ? [{ label: '预约号', value: b.hospitalBookingId, testId: 'success-reference' }]
              : []),
          ]}
        />
      </View>

      {offer.kind === 'allowed' && (
        <View className="bk-notice" data-testid="success-cancel-until" role="note">
          <Text className="bk-notice__item">
            {offer.until} 前可在“我的预约”中在线取消；之后不可在线取消。爽约 3 次将暂停预约 30 天。
          </Text>
        </View>
      )}
      {!failed && (
        <Text className="result__reminder" data-testid="success-reminder">
          {canSubscribe
            ? (REMINDER_TEXT[reminder] ?? '未能订阅就诊提醒，请留意就诊时间。')
            : 'H5 版不发送微信就诊提醒，请留意就诊时间。'}
        </Text>
      )}

      <View className="result__actions">
        <Button
          className="bk-button"
          data-testid="success-bookings"
          onClick={() => void Taro.redirectTo({ url: routes.bookings('active') })}
        >
          我的预约
        </Button>
        <Button
          className="bk-button bk-button--plain"
          data-testid="success-home"
          onClick={() => void Taro.reLaunch({ url: routes.home() })}
        >
          返回首页
        </Button>
      </View>
    </View>
  );
}
