import Taro from '@tarojs/taro';
import { getMe, needsConsent } from '../../api/auth';

export const LOGIN_PAGE = '/pages/account/login/index';
export const CONSENT_PAGE = '/pages/account/consent/index';

/** Where to go once signed in: the consent page first if the notice in force is not accepted. */
export async function continueAfterLogin(redirect: string | undefined): Promise<void> {
  const me = await getMe();
  const target = redirect || '/pages/index/index';
  if (needsConsent(me)) {
    await Taro.redirectTo({ url: `${CONSENT_PAGE}?redirect=${encodeURIComponent(target)}` });
    return;
  }
  await Taro.reLaunch({ url: target });
}
