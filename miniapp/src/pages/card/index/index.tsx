import { useEffect, useRef, useState } from 'react';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import type { DynamicCode, HealthCardFace, ScanEntry, StaticCodeResponse } from '@jiankang/shared';
import { beijingDate, beijingTime, pinShapeProblem } from '@jiankang/shared/domain';
import { ApiError } from '../../../api/client';
import { codeMessage, describeError, needsSignIn } from '../../../api/errors';
import {
  applyCard,
  getCard,
  getDynamicCode,
  getOfflineCodes,
  getStaticCode,
  listScans,
  setPin,
} from '../../../api/health-card';
import PatientChips from '../../../components/PatientChips';
import SessionFixView from '../../../components/SessionFixView';
import StateView from '../../../components/StateView';
import { usePatientChoice } from '../../../hooks';
import { decodeParam, loadLocal, printPage, raiseBrightness, saveLocal, toast } from '../../../platform';
import { routes } from '../../../routes';
import { codeFor, secondsUntilRefresh, stillUseful } from '../../../utils/code-window';
import { qrSvgDataUrl } from '../../../utils/qr-svg';
import './index.scss';

type CardState =
  | { state: 'loading' }
  | { state: 'none' }
  | { state: 'ready'; card: HealthCardFace }
  | { state: 'error'; error: unknown };

type Shown = { code: DynamicCode; offline: boolean } | { code: null; offline: boolean };

const offlineKey = (patientId: string) => `jk.offline-codes.${patientId}`;

/**
 * 电子健康卡: one card per patient, shown as a dynamic QR code that refreshes itself. The next
 * codes are kept on the phone, so in a lobby without signal the page still shows a valid one
 * (and says so). A static code with a PIN is the printable fallback for elderly residents.
 */
export default function HealthCardPage() {
  const router = useRouter();
  const {
    patients,
    patientId,
    setPatientId,
    error: patientsError,
  } = usePatientChoice(decodeParam(router.params.patientId));
  const [card, setCard] = useState<CardState>({ state: 'loading' });
  const [shown, setShown] = useState<Shown>({ code: null, offline: false });
  const [now, setNow] = useState(Date.now());
  const [scans, setScans] = useState<ScanEntry[]>([]);
  const [applying, setApplying] = useState(false);
  const restoreBrightness = useRef<() => void>(() => undefined);

  useDidShow(() => {
    void raiseBrightness().then((restore) => (restoreBrightness.current = restore));
  });
  useDidHide(() => restoreBrightness.current());

  useEffect(() => {
    if (patients?.length === 0) setCard({ state: 'none' });
    if (patientsError) setCard({ state: 'error', error: patientsError });
  }, [patients, patientsError]);

  useEffect(() => {
    if (!patientId) return;
    setCard({ state: 'loading' });
    setShown({ code: null, offline: false });
    getCard(patientId)
      .then((c) => setCard({ state: 'ready', card: c }))
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'CARD_NOT_FOUND') setCard({ state: 'none' });
        else setCard({ state: 'error', error });
      });
  }, [patientId]);

  const active = card.state === 'ready' && card.card.status === 'active';

  /** A fresh code from the BFF; without network, the stored pack's code for this moment. */
  const refresh = async () => {
    if (!patientId) return;
    try {
      const code = await getDynamicCode(patientId);
      setShown({ code, offline: false });
      // Top up the pack in the background; a failure only costs the offline fallback.
      getOfflineCodes(patientId)
        .then((items) => saveLocal(offlineKey(patientId), items))
        .catch(() => undefined);
      listScans(patientId)
        .then(setScans)
        .catch(() => undefined);
    } catch (err) {
      const pack = stillUseful(loadLocal<DynamicCode[]>(offlineKey(patientId)) ?? [], Date.now());
      saveLocal(offlineKey(patientId), pack);
      const offline = codeFor(pack, Date.now());
      setShown({ code: offline ?? null, offline: true });
      if (!offline && !(err instanceof ApiError && err.code === 'NETWORK')) toast(describeError(err).message);
    }
  };

  useEffect(() => {
    if (active) void refresh();
    // A frozen or cancelled card shows no code, but who scanned it is still the resident's to see.
    else if (card.state === 'ready')
      listScans(patientId)
        .then(setScans)
        .catch(() => undefined);
  }, [active, card.state, patientId]);

  // The countdown; at zero the next code (online, or the next window of the pack).
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = shown.code ? secondsUntilRefresh(shown.code, now) : null;
  useEffect(() => {
    if (active && left === 0) void refresh();
  }, [left === 0, active]);

  const apply = async () => {
    setApplying(true);
    try {
      setCard({ state: 'ready', card: await applyCard(patientId) });
    } catch (err) {
      toast(describeError(err).message);
    } finally {
      setApplying(false);
    }
  };

  if (card.state === 'error' && needsSignIn(card.error)) {
    return <SessionFixView error={card.error} returnTo={routes.healthCard(patientId)} />;
  }

  return (
    <View className="hcard" data-testid="page-health-card">
      <PatientChips patients={patients} selected={patientId} onSelect={setPatientId} testId="card-patients" />

      {card.state === 'loading' && <StateView kind="loading" message="正在读取电子健康卡…" />}
      {card.state === 'error' && (
        <StateView
          kind="error"
          message={describeError(card.error).message}
          requestId={describeError(card.error).requestId}
        />
      )}
      {card.state === 'none' && patients?.length === 0 && (
        <StateView kind="empty" message="还没有就诊人" hint="先在“就诊人管理”中添加本人或家人" />
      )}
      {card.state === 'none' && patients && patients.length > 0 && (
        <View className="hcard__apply">
          <Text className="hcard__apply-title">尚未申领电子健康卡</Text>
          <Text className="hcard__apply-note">
            电子健康卡全市各医院通用，一人一卡。申领时将向区域卫生信息平台核验身份。
          </Text>
          <Button
            className="hcard__primary"
            data-testid="card-apply"
            loading={applying}
            onClick={() => void apply()}
          >
            申领电子健康卡
          </Button>
        </View>
      )}

      {card.state === 'ready' && (
        <>
          <View className="hcard__face" data-testid="card-face">
            <View className="hcard__face-top">
              <Text className="hcard__brand">电子健康卡</Text>
              <Text className={`hcard__status hcard__status--${card.card.status}`} data-testid="card-status">
                {STATUS_TEXT[card.card.status]}
              </Text>
            </View>
            <Text className="hcard__holder" data-testid="card-holder">
              {card.card.holder.name}
            </Text>
            <Text className="hcard__meta">{card.card.holder.idNumberMasked}</Text>
            <Text className="hcard__meta">卡号 {card.card.cardIdMasked}</Text>
          </View>

          {active ? (
            <View className="hcard__code">
              {shown.code ? (
                <Image
                  className="hcard__qr"
                  data-testid="card-qr"
                  src={qrSvgDataUrl(shown.code.code)}
                  mode="aspectFit"
                  ariaLabel="电子健康卡二维码"
                />
              ) : (
                <View className="hcard__qr hcard__qr--empty">
                  <Text>{shown.offline ? '无网络且没有可用的离线码' : '正在生成…'}</Text>
                </View>
              )}
              {shown.offline && shown.code && (
                <Text className="hcard__offline" data-testid="card-offline">
                  网络不可用：正在显示离线码，每个码仅可使用一次
                </Text>
              )}
              <Text className="hcard__countdown" data-testid="card-countdown">
                {left !== null ? `${left} 秒后自动刷新 · 请勿截图转发` : ' '}
              </Text>
              <Button className="hcard__secondary" data-testid="card-refresh" onClick={() => void refresh()}>
                刷新
              </Button>
            </View>
          ) : (
            <View className="hcard__code">
              <Text className="hcard__inactive" data-testid="card-inactive">
                此卡{STATUS_TEXT[card.card.status]}，暂不能出示二维码。如有疑问请联系发卡机构：
                {card.card.issuer}。
              </Text>
              {card.card.status === 'cancelled' && (
                // Cancelling is final at the platform; a new application issues a new card.
                <Button
                  className="hcard__primary"
                  data-testid="card-reapply"
                  loading={applying}
                  onClick={() => void apply()}
                >
                  重新申领电子健康卡
                </Button>
              )}
            </View>
          )}

          {active && (
            <StaticCodeSection
              patientId={patientId}
              face={card.card}
              onPinSet={() => void getCard(patientId).then((c) => setCard({ state: 'ready', card: c }))}
            />
          )}

          <View className="hcard__scans" data-testid="card-scans">
            <Text className="hcard__section-title">使用记录</Text>
            {scans.length === 0 && <Text className="hcard__meta">暂无扫码记录</Text>}
            {scans.map((s) => (
              <View className="hcard__scan" key={`${s.at}-${s.terminalId}`} data-testid="card-scan">
                <Text className="hcard__scan-where">
                  {s.hospitalName ?? s.hospitalId} · {s.sceneName}
                </Text>
                <Text className={`hcard__scan-result${s.result === 'ok' ? '' : ' hcard__scan-result--bad'}`}>
                  {s.result === 'ok' ? '核验成功' : `未通过：${codeMessage(s.result) ?? s.result}`}
                </Text>
                <Text className="hcard__meta">
                  {formatTime(s.at)} · 终端 {s.terminalId}
                </Text>
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  );
}

const STATUS_TEXT: Record<HealthCardFace['status'], string> = {
  active: '正常',
  frozen: '已冻结',
  cancelled: '已注销',
};

/** Beijing time whatever the phone's zone. */
function formatTime(iso: string): string {
  return `${beijingDate(iso)} ${beijingTime(iso)}`;
}

/** 静态码: printable, works only with the PIN the resident sets here. */
function StaticCodeSection(props: { patientId: string; face: HealthCardFace; onPinSet: () => void }) {
  const [pin, setPinText] = useState('');
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [staticCode, setStaticCode] = useState<StaticCodeResponse | null>(null);
  const problem = pinShapeProblem(pin);

  const savePin = async () => {
    setTouched(true);
    if (problem) return;
    setSaving(true);
    try {
      await setPin(props.patientId, pin);
      setPinText('');
      setTouched(false);
      toast('密码已设置');
      props.onPinSet();
    } catch (err) {
      toast(describeError(err).message);
    } finally {
      setSaving(false);
    }
  };

  const showStatic = async () => {
    try {
      setStaticCode(await getStaticCode(props.patientId));
    } catch (err) {
      toast(describeError(err).message);
    }
  };

  return (
    <View className="hcard__static" data-testid="card-static">
      <Text className="hcard__section-title">静态码（供老人打印使用）</Text>
      <Text className="hcard__meta">静态码长期有效，但就诊时须同时输入6位密码。设置新密码后请重新打印。</Text>
      <View className="hcard__pin-row">
        <Input
          className="hcard__pin"
          data-testid="card-pin"
          type="number"
          password
          maxlength={6}
          placeholder={props.face.pinSet ? '修改6位密码' : '设置6位密码'}
          value={pin}
          onInput={(e) => setPinText(e.detail.value)}
          onBlur={() => setTouched(true)}
        />
        <Button
          className="hcard__secondary"
          data-testid="card-pin-save"
          loading={saving}
          onClick={() => void savePin()}
        >
          保存
        </Button>
      </View>
      {touched && problem && pin !== '' && (
        <Text className="hcard__error" data-testid="card-pin-error">
          {problem}
        </Text>
      )}
      {props.face.pinSet && !staticCode && (
        <Button className="hcard__secondary" data-testid="card-static-show" onClick={() => void showStatic()}>
          显示静态码
        </Button>
      )}
      {staticCode && (
        <View className="hcard__printable" data-testid="card-static-code">
          <Text className="hcard__brand hcard__brand--dark">电子健康卡 · 静态码</Text>
          <Text className="hcard__holder hcard__holder--dark">{props.face.holder.name}</Text>
          <Image
            className="hcard__qr"
            data-testid="card-static-qr"
            src={qrSvgDataUrl(staticCode.code)}
            mode="aspectFit"
            ariaLabel="静态码"
          />
          <Text className="hcard__meta">第 {staticCode.serial} 版 · 使用时须输入密码</Text>
          <Button className="hcard__secondary" onClick={printPage}>
            打印
          </Button>
        </View>
      )}
    </View>
  );
}
