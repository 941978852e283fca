import { useState } from 'react';
import { Button, ScrollView, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { describeError, errorMessage } from '../../../api';
import { acceptConsent, getMe } from '../../../api/auth';
import StateView from '../../../components/StateView';
import { useAsync } from '../../../hooks';
import { backOrHome, decodeParam, disabledIf, isH5, toast } from '../../../platform';
import { NOTICE_SECTIONS, NOTICE_TITLE } from '../notice';
import './index.scss';

/**
 * 隐私保护指引: 同意 records the version in force at the BFF (and, on the weapp, is WeChat's own
 * agreePrivacyAuthorization button, so wx privacy APIs are unlocked by the same tap).
 */
export default function ConsentPage() {
  const { params } = useRouter();
  const redirect = decodeParam(params.redirect) || '/pages/index/index';
  const me = useAsync(() => getMe(), []);
  const [busy, setBusy] = useState(false);

  const agree = async () => {
    if (busy || !me.data) return;
    setBusy(true);
    try {
      await acceptConsent(me.data.currentConsentVersion);
      toast('已同意');
      await Taro.reLaunch({ url: redirect });
    } catch (err) {
      toast(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const disagree = () => {
    toast('未同意隐私保护指引，暂不能添加就诊人');
    backOrHome();
  };

  if (me.status === 'error') {
    const view = describeError(me.error);
    return <StateView kind="error" {...view} onRetry={() => void me.reload()} />;
  }
  if (!me.data) return <StateView kind="loading" />;

  return (
    <View className="consent">
      <ScrollView className="consent__body" scrollY>
        <Text className="consent__title">{NOTICE_TITLE}</Text>
        <Text className="consent__version">版本 {me.data.currentConsentVersion}</Text>
        {NOTICE_SECTIONS.map((s) => (
          <View className="consent__section" key={s.heading}>
            <Text className="consent__heading">{s.heading}</Text>
            <Text className="consent__text">{s.body}</Text>
          </View>
        ))}
      </ScrollView>
      <View className="consent__actions">
        <Button className="consent__disagree" onClick={disagree}>
          不同意
        </Button>
        {isH5 ? (
          <Button
            className="consent__agree"
            loading={busy}
            disabled={disabledIf(busy)}
            onClick={() => void agree()}
          >
            同意
          </Button>
        ) : (
          <Button
            className="consent__agree"
            id="agree-btn"
            openType="agreePrivacyAuthorization"
            loading={busy}
            disabled={disabledIf(busy)}
            onAgreePrivacyAuthorization={() => void agree()}
          >
            同意
          </Button>
        )}
      </View>
    </View>
  );
}
