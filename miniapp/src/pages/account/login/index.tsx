import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { errorMessage } from '../../../api';
import { login } from '../../../api/auth';
import { decodeParam, disabledIf, isH5, toast } from '../../../platform';
import { continueAfterLogin } from '../after-login';
import './index.scss';

/**
 * 登录. The weapp signs in with wx.login; H5 has no WeChat, so its build offers a clearly marked
 * 开发环境登录 that asks the WeChat simulator for a code (optionally for a fixed test user).
 */
export default function LoginPage() {
  const { params } = useRouter();
  const redirect = decodeParam(params.redirect);
  const [busy, setBusy] = useState(false);
  const [devOpenid, setDevOpenid] = useState('');

  const signIn = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await login(isH5 ? devOpenid.trim() || undefined : undefined);
      await continueAfterLogin(redirect);
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="login">
      <View className="login__hero">
        <Text className="login__title">健康惠州</Text>
        <Text className="login__subtitle">登录后可添加就诊人、预约挂号、查看报告</Text>
      </View>
      {isH5 ? (
        <View className="login__dev" data-testid="dev-login">
          <Text className="login__dev-badge">开发环境登录</Text>
          <Text className="login__dev-note">
            H5 版没有微信登录：此处向微信模拟器申请登录码，仅用于开发和测试。
          </Text>
          <Input
            className="login__dev-input"
            placeholder="测试用户 openid（可留空，留空则新建用户）"
            value={devOpenid}
            onInput={(e) => setDevOpenid(e.detail.value)}
          />
          <Button
            className="login__button"
            loading={busy}
            disabled={disabledIf(busy)}
            onClick={() => void signIn()}
          >
            开发环境登录
          </Button>
        </View>
      ) : (
        <View className="login__weapp">
          <Button
            className="login__button"
            loading={busy}
            disabled={disabledIf(busy)}
            onClick={() => void signIn()}
          >
            微信一键登录
          </Button>
        </View>
      )}
      <Text className="login__footnote">
        登录即表示您将阅读《健康惠州隐私保护指引》，添加就诊人前需同意。
      </Text>
    </View>
  );
}
