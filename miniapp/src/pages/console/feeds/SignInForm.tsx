import { useState } from 'react';
import { Input, Label, Text, View } from '@tarojs/components';
import { errorMessage } from '../../../api';
import { consoleSignIn } from '../../../api/console';
import type { ConsoleSessionResponse } from '@jiankang/shared';
import { SubmitRow } from './SubmitRow';

/** Hospital + console key; the key is the hospital's own, not a resident login. */
export function SignInForm({ onSignedIn }: { onSignedIn: (s: ConsoleSessionResponse) => void }) {
  const [hospitalId, setHospitalId] = useState('');
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      onSignedIn(await consoleSignIn(hospitalId.trim(), key));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="console__card" data-testid="console-sign-in">
      <Text className="console__card-title">医院信息科登录</Text>
      <Text className="console__hint">使用本院的号源控制台密钥登录，与居民的微信登录分开。</Text>
      <Label className="console__label" for="console-hospital">
        医院编码
      </Label>
      <Input
        id="console-hospital"
        data-testid="console-hospital"
        className="console__input"
        placeholder="如 hzszxrmyy"
        value={hospitalId}
        onInput={(e) => setHospitalId(e.detail.value)}
      />
      <Label className="console__label" for="console-key">
        控制台密钥
      </Label>
      <Input
        id="console-key"
        data-testid="console-key"
        className="console__input"
        password
        placeholder="本院的 consoleKey"
        value={key}
        onInput={(e) => setKey(e.detail.value)}
      />
      <SubmitRow error={error} busy={busy} label="登录" onSubmit={() => void submit()} />
    </View>
  );
}
