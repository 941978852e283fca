import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { MeResponse } from '@jiankang/shared';
import { ApiError } from '../../../api/client';
import { getMe, isLoggedIn, logout, needsConsent } from '../../../api/auth';
import StateView from '../../../components/StateView';
import { disabledIf, navigateTo, toast } from '../../../platform';
import { routes } from '../../../routes';
import './index.scss';

type Session =
  { state: 'checking' } | { state: 'signed-out' } | { state: 'signed-in'; me: MeResponse | null };

/** 我的: the resident's own entries — 我的预约, 就诊人管理 — and 登录 / 退出登录. */
export default function MinePage() {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [busy, setBusy] = useState(false);

  // Re-checked on every show: coming back from 登录 or after the session ran out.
  useDidShow(() => {
    if (!isLoggedIn()) {
      setSession({ state: 'signed-out' });
      return;
    }
    setSession((s) => (s.state === 'signed-in' ? s : { state: 'checking' }));
    getMe()
      .then((me) => setSession({ state: 'signed-in', me }))
      .catch((err: unknown) => {
        // A refused session is gone (api/auth cleared it); a network error keeps it.
        if (err instanceof ApiError && err.status === 401) setSession({ state: 'signed-out' });
        else setSession({ state: 'signed-in', me: null });
      });
  });

  const here = routes.mine();
  const open = (target: string) => {
    if (session.state === 'signed-in') navigateTo(target);
    else navigateTo(routes.login(target));
  };

  const signOut = async () => {
    const { confirm } = await Taro.showModal({
      title: '退出登录',
      content: '退出后需重新登录才能预约和查看就诊人。',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await logout();
      setSession({ state: 'signed-out' });
      toast('已退出登录');
    } finally {
      setBusy(false);
    }
  };

  const me = session.state === 'signed-in' ? session.me : null;
  return (
    <View className="mine" data-testid="page-mine">
      <View className="mine__hero">
        {session.state === 'checking' && <StateView kind="loading" message="正在读取登录状态…" />}
        {session.state === 'signed-out' && (
          <View className="mine__who">
            <Text className="mine__name">未登录</Text>
            <Text className="mine__note">浏览医院和号源无需登录；预约挂号、管理就诊人需要登录。</Text>
            <Button
              className="mine__login"
              data-testid="mine-login"
              onClick={() => navigateTo(routes.login(here))}
            >
              登录
            </Button>
          </View>
        )}
        {session.state === 'signed-in' && (
          <View className="mine__who">
            <Text className="mine__name" data-testid="mine-signed-in">
              已登录
            </Text>
            {me && needsConsent(me) ? (
              <View
                className="mine__consent"
                role="button"
                data-testid="mine-consent"
                onClick={() => navigateTo(routes.consent(here))}
              >
                尚未同意隐私保护指引，添加就诊人前需同意 ›
              </View>
            ) : (
              <Text className="mine__note">{me ? '已同意隐私保护指引' : '暂时无法确认登录状态'}</Text>
            )}
          </View>
        )}
      </View>

      <View className="mine__menu">
        <MenuItem
          title="我的预约"
          note="待就诊、已完成、已取消"
          testId="mine-bookings"
          onTap={() => open(routes.bookings())}
        />
        <MenuItem
          title="电子健康卡"
          note="一码通用：挂号、就诊、取药出示"
          testId="mine-health-card"
          onTap={() => open(routes.healthCard())}
        />
        <MenuItem
          title="检查检验报告"
          note="各医院的检验、影像报告与趋势"
          testId="mine-reports"
          onTap={() => open(routes.reports())}
        />
        <MenuItem
          title="就诊人管理"
          note="本人及家人，最多 5 位"
          testId="mine-patients"
          onTap={() => open(routes.patients())}
        />
      </View>

      {session.state === 'signed-in' && (
        <Button
          className="mine__logout"
          data-testid="mine-logout"
          loading={busy}
          disabled={disabledIf(busy)}
          onClick={() => void signOut()}
        >
          退出登录
        </Button>
      )}
    </View>
  );
}

function MenuItem(props: { title: string; note: string; testId: string; onTap: () => void }) {
  return (
    <View
      className="mine__item"
      hoverClass="mine__item--pressed"
      role="button"
      data-testid={props.testId}
      onClick={props.onTap}
    >
      <View className="mine__item-text">
        <Text className="mine__item-title">{props.title}</Text>
        <Text className="mine__item-note">{props.note}</Text>
      </View>
      <Text className="mine__item-arrow" aria-hidden>
        ›
      </Text>
    </View>
  );
}
