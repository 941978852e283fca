import type { TokenResponse } from '@jiankang/shared';
import type { WechatAuth } from '../../upstreams/wechat/client';
import type { AccessTokens } from './access-tokens';
import type { AccountStore } from './accounts';
import type { RefreshTokens } from './refresh-tokens';

/** The login use cases: WeChat code -> account -> token pair; refresh; logout. */
export class AuthService {
  constructor(
    private readonly wechat: WechatAuth,
    private readonly accounts: AccountStore,
    private readonly access: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async login(code: string): Promise<TokenResponse> {
    const session = await this.wechat.code2Session(code);
    const { accountId } = await this.accounts.loginWith(session);
    const refresh = await this.refreshTokens.startFamily(accountId);
    return this.pair(accountId, refresh.token, refresh.familyId);
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    const { accountId, refresh } = await this.refreshTokens.rotate(refreshToken);
    return this.pair(accountId, refresh.token, refresh.familyId);
  }

  logout(refreshToken: string): Promise<void> {
    return this.refreshTokens.revoke(refreshToken);
  }

  private pair(accountId: string, refreshToken: string, sessionId: string): TokenResponse {
    return {
      accessToken: this.access.issue(accountId, sessionId),
      tokenType: 'Bearer',
      expiresIn: this.access.ttlSeconds,
      refreshToken,
      refreshExpiresIn: this.refreshTokens.ttlSeconds,
      accountId,
    };
  }
}
