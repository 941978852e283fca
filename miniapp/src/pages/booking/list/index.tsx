import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { Booking } from '@jiankang/shared';
import { relationName, type Relation } from '@jiankang/shared/domain';
import { cancelBooking, listBookings, rebookBooking } from '../../../api/bookings';
import { codeMessage, describeError, errorMessage, needsSignIn } from '../../../api/errors';
import { isLoggedIn } from '../../../api/auth';
import StateView from '../../../components/StateView';
import { useAsync } from '../../../hooks';
import { decodeParam, disabledIf, stopPullDownRefresh, toast } from '../../../platform';
import { routes } from '../../../routes';
import {
  BOOKING_TABS,
  bookingsInTab,
  cancelOffer,
  statusView,
  visitLabel,
  type BookingTab,
} from '../../../utils/bookings';
import { idempotencyKeys } from '../../../utils/idempotency';
import { goFixSession } from '../../../utils/session';
import { formatYuan } from '../../../utils/slots';
import '../_booking.scss';
import './index.scss';

const EMPTY: Record<BookingTab, { message: string; hint?: string }> = {
  active: { message: '暂无待就诊的预约', hint: '在医院的科室页选择时段即可预约' },
  past: { message: '暂无已完成的预约' },
  cancelled: { message: '暂无已取消的预约' },
  all: { message: '还没有预约记录', hint: '在医院的科室页选择时段即可预约' },
};

const isTab = (v: string): v is BookingTab => BOOKING_TABS.some((t) => t.key === v);

/** Login is needed: a page-level state, not an error. */
class SignInNeeded extends Error {
  constructor(readonly fix: 'login' | 'consent') {
    super(fix);
  }
}

/**
 * 我的预约: one read of every booking, split into 待就诊 / 已完成 / 已取消 / 全部 here (the same
 * rule as the BFF's `?status=`), so switching tabs is instant and a cancelled card moves at once.
 */
export default function BookingListPage() {
  const { params } = useRouter();
  const wanted = decodeParam(params.tab);
  const [tab, setTab] = useState<BookingTab>(isTab(wanted) ? wanted : 'active');
  const [changed, setChanged] = useState<Record<string, Booking>>({});
  const [busyId, setBusyId] = useState<string | null>(null);
  const keys = useRef(idempotencyKeys());
  const here = routes.bookings(tab);

  const result = useAsync(async () => {
    if (!isLoggedIn()) throw new SignInNeeded('login');
    try {
      return await listBookings('all');
    } catch (err) {
      const fix = needsSignIn(err);
      throw fix ? new SignInNeeded(fix) : err;
    }
  }, []);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void result.refresh().then(() => setChanged({}));
    shown.current = true;
  });
  usePullDownRefresh(() => {
    void result.refresh().then((ok) => {
      stopPullDownRefresh();
      if (ok) setChanged({});
      else toast('刷新失败，请稍后重试');
    });
  });

  const cancel = async (b: Booking) => {
    if (busyId) return;
    const { confirm } = await Taro.showModal({
      title: '取消预约',
      content: `确定取消 ${visitLabel(b.slot)} ${b.departmentName} 的预约吗？`,
      confirmText: '取消预约',
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusyId(b.id);
    try {
      const done = await cancelBooking(b.id);
      setChanged((c) => ({ ...c, [b.id]: done }));
      toast('已取消预约');
    } catch (err) {
      await Taro.showModal({ title: '未能取消', content: errorMessage(err), showCancel: false });
      void result.refresh().then(() => setChanged({}));
    } finally {
      setBusyId(null);
    }
  };

  const rebook = async (b: Booking, alt: Booking['alternatives'][number]) => {
    if (busyId) return;
    const { confirm } = await Taro.showModal({
      title: '改约',
      content: `改约到 ${visitLabel(alt)} ${alt.doctorName}？`,
      confirmText: '改约',
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusyId(b.id);
    try {
      const key = keys.current.keyFor({ rebookOf: b.id, slotId: alt.id });
      const made = await rebookBooking(b.id, alt.id, key);
      await Taro.redirectTo({ url: routes.bookingSuccess(made.id) });
    } catch (err) {
      await Taro.showModal({ title: '未能改约', content: errorMessage(err), showCancel: false });
    } finally {
      setBusyId(null);
    }
  };

  const all = (result.data ?? []).map((b) => changed[b.id] ?? b);
  const now = Date.now();
  const items = bookingsInTab(all, tab, now);

  return (
    <View className="bookings" data-testid="page-bookings">
      <View className="bookings__tabs" role="tablist">
        {BOOKING_TABS.map((t) => (
          <View
            key={t.key}
            className={`bookings__tab${t.key === tab ? ' bookings__tab--on' : ''}`}
            role="tab"
            aria-selected={t.key === tab}
            data-testid="booking-tab"
            data-tab={t.key}
            onClick={() => setTab(t.key)}
          >
            {t.name}
          </View>
        ))}
      </View>

      {result.status === 'loading' && <StateView kind="loading" message="正在读取预约…" />}
      {result.status === 'error' &&
        (result.error instanceof SignInNeeded ? (
          <StateView
            kind="error"
            message={result.error.fix === 'consent' ? '请先阅读并同意隐私保护指引' : '登录后查看您的预约'}
            onBack={() => goFixSession((result.error as SignInNeeded).fix, here)}
            backLabel={result.error.fix === 'consent' ? '去同意' : '去登录'}
          />
        ) : (
          <StateView kind="error" {...describeError(result.error)} onRetry={() => void result.reload()} />
        ))}
      {result.status === 'ready' && items.length === 0 && <StateView kind="empty" {...EMPTY[tab]} />}
      {result.status === 'ready' && items.length > 0 && (
        <View className="bookings__list" data-testid="booking-list">
          {items.map((b) => (
            <BookingCard
              key={b.id}
              booking={b}
              now={now}
              busy={busyId === b.id}
              onCancel={() => void cancel(b)}
              onRebook={(alt) => void rebook(b, alt)}
            />
          ))}
        </View>
      )}
    </View>
  );
}

function BookingCard(props: {
  booking: Booking;
  now: number;
  busy: boolean;
  onCancel: () => void;
  onRebook: (alt: Booking['alternatives'][number]) => void;
}) {
  const { booking: b, now } = props;
  const status = statusView(b, now);
  const offer = cancelOffer(b, now);
  const relation = relationName(b.patient.relation as Relation);
  return (
    <View className="booking-card" data-testid="booking-card" data-id={b.id} data-status={b.status}>
      <View className="booking-card__head">
        <Text className="booking-card__hospital">{b.hospitalName}</Text>
        <Text className={`bk-status bk-status--${status.tone}`} data-testid="booking-status">
          {status.text}
        </Text>
      </View>
      <Text className="booking-card__line booking-card__dept">
        {b.departmentName} · {b.slot.doctorName}
      </Text>
      <Text className="booking-card__line" data-testid="booking-time">
        就诊时间：{visitLabel(b.slot, now)}
      </Text>
      <Text className="booking-card__line">
        就诊人：{b.patient.name}（{relation}） · 挂号费 {formatYuan(b.slot.feeFen)}
      </Text>

      {b.status === 'failed' && (
        <Text className="booking-card__note booking-card__note--warn">
          {codeMessage(b.failureCode) ?? '医院未接受这次预约'}
        </Text>
      )}

      {b.status === 'cancelled_by_hospital' && <HospitalCancelled {...props} />}

      {offer.kind === 'allowed' && (
        <View className="booking-card__foot">
          <Text className="booking-card__note">{offer.until} 前可在线取消</Text>
          <Button
            className="booking-card__cancel"
            data-testid="booking-cancel"
            loading={props.busy}
            disabled={disabledIf(props.busy)}
            onClick={props.onCancel}
          >
            取消预约
          </Button>
        </View>
      )}
      {offer.kind === 'closed' && (
        <Text className="booking-card__note" data-testid="booking-cancel-closed">
          {offer.text}
        </Text>
      )}
    </View>
  );
}

function HospitalCancelled(props: {
  booking: Booking;
  busy: boolean;
  onRebook: (alt: Booking['alternatives'][number]) => void;
}) {
  const b = props.booking;
  return (
    <View className="booking-card__stop" data-testid="booking-stop" role="note">
      <Text className="booking-card__stop-title">停诊通知</Text>
      <Text className="booking-card__stop-text">医生该时段停诊，本次预约已由医院取消，无需到院。</Text>
      {b.rebookedAs ? (
        <Text className="booking-card__stop-text">已改约，新的预约见“待就诊”。</Text>
      ) : b.alternatives.length === 0 ? (
        <Text className="booking-card__stop-text">暂无可改约的时段，请重新选择医生或日期预约。</Text>
      ) : (
        <View className="booking-card__alts">
          <Text className="booking-card__stop-text">可改约到以下时段：</Text>
          {b.alternatives.map((alt) => (
            <View
              key={alt.id}
              className="booking-card__alt"
              data-testid="booking-alternative"
              data-id={alt.id}
            >
              <View className="booking-card__alt-text">
                <Text className="booking-card__alt-time">{visitLabel(alt)}</Text>
                <Text className="booking-card__alt-doctor">
                  {alt.doctorName} · 余{alt.remaining}
                </Text>
              </View>
              <Button
                className="booking-card__rebook"
                data-testid="booking-rebook"
                disabled={disabledIf(props.busy)}
                onClick={() => props.onRebook(alt)}
              >
                改约
              </Button>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
