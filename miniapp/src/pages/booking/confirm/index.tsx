import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { Patient } from '@jiankang/shared';
import { beijingDate, relationName } from '@jiankang/shared/domain';
import { getSlot } from '../../../api';
import { isLoggedIn } from '../../../api/auth';
import { createBooking } from '../../../api/bookings';
import { describeError, needsSignIn } from '../../../api/errors';
import { listPatients } from '../../../api/patients';
import StateView from '../../../components/StateView';
import { useAsync } from '../../../hooks';
import {
  backLabel,
  backOrHome,
  canSubscribe,
  decodeParam,
  disabledIf,
  navigateTo,
  requestVisitReminder,
} from '../../../platform';
import { routes } from '../../../routes';
import { BOOKING_RULES } from '../../../utils/bookings';
import { idempotencyKeys } from '../../../utils/idempotency';
import { goFixSession } from '../../../utils/session';
import { formatYuan, longDateLabel, periodTimeRange, periodView } from '../../../utils/slots';
import SummaryRows from '../SummaryRows';
import '../_booking.scss';
import './index.scss';

type PatientsState =
  { kind: 'signed-out' } | { kind: 'fix'; fix: 'login' | 'consent' } | { kind: 'ready'; items: Patient[] };

interface Failure {
  message: string;
  hint?: string | undefined;
  /** The same tap may succeed (network, busy server): the retry reuses the idempotency key. */
  retryable: boolean;
}

/**
 * 确认预约: the period, the 就诊人, the rules, then one booking per tap. The Idempotency-Key is
 * made once per screen and patient, so a retry after a lost answer cannot book twice.
 */
export default function BookingConfirmPage() {
  const { params } = useRouter();
  const slotId = decodeParam(params.slotId);
  const here = routes.bookingConfirm(slotId);
  const slot = useAsync(() => getSlot(slotId), [slotId]);
  const patients = useAsync<PatientsState>(async () => {
    if (!isLoggedIn()) return { kind: 'signed-out' };
    try {
      return { kind: 'ready', items: (await listPatients()).items };
    } catch (err) {
      const fix = needsSignIn(err);
      if (fix) return { kind: 'fix', fix };
      throw err;
    }
  }, []);
  // Back from 登录 or 添加就诊人: read the patients again.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void patients.refresh();
    shown.current = true;
  });

  const [chosen, setChosen] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const submitting = useRef(false);
  const keys = useRef(idempotencyKeys());

  if (!slotId) {
    return (
      <View className="confirm" data-testid="page-booking-confirm">
        <StateView kind="error" message="没有指定号源" onBack={backOrHome} backLabel={backLabel()} />
      </View>
    );
  }
  if (slot.status === 'loading') {
    return (
      <View className="confirm" data-testid="page-booking-confirm">
        <StateView kind="loading" message="正在确认号源…" />
      </View>
    );
  }
  if (slot.status === 'error' || !slot.data) {
    const view = describeError(slot.error);
    return (
      <View className="confirm" data-testid="page-booking-confirm">
        <StateView
          kind="error"
          {...view}
          onRetry={view.retryable ? () => void slot.reload() : undefined}
          onBack={backOrHome}
          backLabel={backLabel()}
        />
      </View>
    );
  }

  const s = slot.data;
  const period = periodView(s);
  const list = patients.data?.kind === 'ready' ? patients.data.items : [];
  const selected =
    list.find((p) => p.id === chosen) ?? list.find((p) => p.relation === 'self') ?? list[0] ?? null;
  const canSubmit = period.tappable && selected !== null && !busy;

  const submit = async () => {
    if (submitting.current || !selected || !period.tappable) return;
    submitting.current = true;
    setBusy(true);
    setFailure(null);
    try {
      // WeChat shows the subscribe dialog only from a tap: ask first, book either way.
      const reminder = await requestVisitReminder();
      const body = { slotId: s.id, patientId: selected.id };
      const booking = await createBooking(body, keys.current.keyFor(body));
      await Taro.redirectTo({ url: routes.bookingSuccess(booking.id, reminder) });
    } catch (err) {
      const fix = needsSignIn(err);
      if (fix) {
        goFixSession(fix, here);
        return;
      }
      const view = describeError(err);
      setFailure({
        message: view.message,
        hint: view.retryable ? '可再次点击确认预约，不会重复预约' : view.hint,
        retryable: view.retryable,
      });
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  };

  const doctor = [s.doctorName, s.doctorTitle].filter(Boolean).join(' ');
  return (
    <View className="confirm" data-testid="page-booking-confirm">
      <View className="bk-section">
        <Text className="bk-section__title">就诊信息</Text>
        <SummaryRows
          rows={[
            { label: '医院', value: s.hospitalName, testId: 'confirm-hospital' },
            { label: '科室', value: s.departmentName, testId: 'confirm-department' },
            { label: '医生', value: doctor, testId: 'confirm-doctor' },
            { label: '日期', value: longDateLabel(beijingDate(s.start)), testId: 'confirm-date' },
            { label: '时间', value: periodTimeRange(s), testId: 'confirm-time' },
            { label: '挂号费', value: formatYuan(s.feeFen), testId: 'confirm-fee' },
            { label: '号源', value: period.text, testId: 'confirm-remaining' },
          ]}
        />
        {!period.tappable && (
          <Text className="confirm__blocked" data-testid="confirm-not-bookable">
            该时段{period.text}，不能预约，请返回选择其他时段
          </Text>
        )}
      </View>

      <View className="bk-section" data-testid="confirm-patients">
        <Text className="bk-section__title">就诊人</Text>
        <PatientChoice
          state={patients}
          selectedId={selected?.id ?? null}
          onSelect={setChosen}
          onSignIn={(fix) => goFixSession(fix, here)}
          onAdd={() => navigateTo(routes.patientAdd())}
        />
      </View>

      <View className="bk-notice" data-testid="confirm-rules" role="note">
        <Text className="bk-notice__title">预约须知</Text>
        {BOOKING_RULES.map((r, i) => (
          <Text key={r} className="bk-notice__item">
            {i + 1}. {r}
          </Text>
        ))}
        <Text className="bk-notice__item">预约成功后，结果页会显示可在线取消的截止时间。</Text>
      </View>

      <Text className="confirm__subscribe" data-testid="subscribe-note">
        {canSubscribe
          ? '确认预约时将请求发送就诊提醒（微信订阅消息），拒绝不影响预约。'
          : 'H5 版无法订阅微信就诊提醒；如需提醒，请在微信小程序中预约。'}
      </Text>

      {failure && (
        <View className="confirm__failure" data-testid="confirm-failure" role="alert">
          <Text className="confirm__failure-text">{failure.message}</Text>
          {failure.hint && <Text className="confirm__failure-hint">{failure.hint}</Text>}
        </View>
      )}

      <View className="confirm__bar">
        <View className="confirm__bar-fee">
          <Text className="confirm__bar-label">挂号费</Text>
          <Text className="confirm__bar-amount">{formatYuan(s.feeFen)}</Text>
        </View>
        <Button
          className="bk-button confirm__submit"
          data-testid="confirm-submit"
          loading={busy}
          disabled={disabledIf(!canSubmit)}
          onClick={() => void submit()}
        >
          {busy ? '正在预约…' : failure?.retryable ? '重新提交' : '确认预约'}
        </Button>
      </View>
    </View>
  );
}

function PatientChoice(props: {
  state: ReturnType<typeof useAsync<PatientsState>>;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onSignIn: (fix: 'login' | 'consent') => void;
  onAdd: () => void;
}) {
  const { state } = props;
  if (state.status === 'loading') return <StateView kind="loading" message="正在读取就诊人…" />;
  if (state.status === 'error' || !state.data) {
    const view = describeError(state.error);
    return <StateView kind="error" {...view} onRetry={() => void state.reload()} />;
  }
  const data = state.data;
  if (data.kind === 'signed-out' || data.kind === 'fix') {
    const consent = data.kind === 'fix' && data.fix === 'consent';
    return (
      <View className="confirm__gate">
        <Text className="confirm__gate-text">
          {consent ? '添加就诊人前，请先阅读并同意隐私保护指引' : '登录后选择就诊人'}
        </Text>
        <Button
          className="bk-button confirm__gate-button"
          data-testid="confirm-login"
          onClick={() => props.onSignIn(consent ? 'consent' : 'login')}
        >
          {consent ? '去同意' : '登录'}
        </Button>
      </View>
    );
  }
  return (
    <View className="confirm__patients" role="radiogroup" aria-label="就诊人">
      {data.items.length === 0 && (
        <Text className="confirm__gate-text" data-testid="confirm-no-patient">
          还没有就诊人，请先添加
        </Text>
      )}
      {data.items.map((p) => {
        const on = p.id === props.selectedId;
        return (
          <View
            key={p.id}
            className={`confirm__patient${on ? ' confirm__patient--on' : ''}`}
            role="radio"
            aria-checked={on}
            data-testid="confirm-patient"
            data-id={p.id}
            onClick={() => props.onSelect(p.id)}
          >
            <View className={`confirm__radio${on ? ' confirm__radio--on' : ''}`} aria-hidden />
            <View className="confirm__patient-text">
              <Text className="confirm__patient-name">
                {p.name}
                <Text className="confirm__patient-relation">（{relationName(p.relation)}）</Text>
              </Text>
              <Text className="confirm__patient-id">{p.idNumberMasked}</Text>
            </View>
            {on && <Text className="confirm__patient-mark">已选</Text>}
          </View>
        );
      })}
      <View
        className="confirm__add"
        role="button"
        data-testid="confirm-add-patient"
        hoverClass="confirm__add--pressed"
        onClick={props.onAdd}
      >
        ＋ 添加就诊人
      </View>
    </View>
  );
}
