import { useCallback, useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { ConsoleFeedDetail, ConsoleSessionResponse } from '@jiankang/shared';
import { errorMessage } from '../../../api';
import { consoleFeed } from '../../../api/console';
import { ApiError } from '../../../api/client';
import { FeedCheckView } from './FeedCheckView';
import { FeedHealthView } from './FeedHealthView';
import { SignInForm } from './SignInForm';
import './index.scss';

/**
 * 号源接入控制台 for hospital IT (H5): sign in with the hospital's console key, then its feed's
 * health and a feed check. The session lives only in this page's memory: closing the tab ends it.
 */
export default function ConsoleFeedsPage() {
  const [session, setSession] = useState<ConsoleSessionResponse | null>(null);
  const [chosen, setChosen] = useState('');
  const [feed, setFeed] = useState<ConsoleFeedDetail | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async (s: ConsoleSessionResponse, hospitalId: string) => {
    setError('');
    try {
      setFeed(await consoleFeed(s.token, hospitalId));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setSession(null);
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    if (session && chosen) void load(session, chosen);
  }, [session, chosen, load]);

  if (!session) {
    return (
      <View className="console">
        <Header />
        <SignInForm
          onSignedIn={(s) => {
            setSession(s);
            setChosen(s.hospitals[0]?.id ?? '');
          }}
        />
        {error ? <Text className="console__error console__error--page">{error}</Text> : null}
      </View>
    );
  }

  return (
    <View className="console">
      <Header />
      <View className="console__bar-top">
        <Text className="console__meta">
          已登录：
          {session.hospitalId === '*' ? '全市运维' : (session.hospitals[0]?.name ?? session.hospitalId)}
        </Text>
        <View className="console__actions">
          <Button className="console__small" size="mini" onClick={() => void load(session, chosen)}>
            刷新
          </Button>
          <Button
            className="console__small"
            size="mini"
            onClick={() => {
              setSession(null);
              setFeed(null);
            }}
          >
            退出
          </Button>
        </View>
      </View>
      {session.hospitals.length > 1 ? (
        <View className="console__chips" role="tablist" aria-label="医院">
          {session.hospitals.map((h) => (
            <View
              key={h.id}
              role="tab"
              aria-selected={h.id === chosen}
              className={`console__chip${h.id === chosen ? ' console__chip--on' : ''}`}
              onClick={() => setChosen(h.id)}
            >
              {h.name}
            </View>
          ))}
        </View>
      ) : null}
      {error ? (
        <View role="alert">
          <Text className="console__error console__error--page">{error}</Text>
        </View>
      ) : null}
      {feed && feed.hospitalId === chosen ? (
        <>
          <FeedHealthView feed={feed} />
          <FeedCheckView token={session.token} hospitalId={feed.hospitalId} feedUrl={feed.feedUrl} />
        </>
      ) : !error ? (
        <Text className="console__hint console__hint--page">加载中…</Text>
      ) : null}
    </View>
  );
}

function Header() {
  return (
    <View className="console__hero">
      <Text className="console__title">号源接入控制台</Text>
      <Text className="console__subtitle">医院信息科：查看本院号源的读取情况、推送记录，并做接入检查</Text>
    </View>
  );
}
