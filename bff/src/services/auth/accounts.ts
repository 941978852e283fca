import { randomBytes } from 'node:crypto';
import { encrypt, type DataKey } from '../../lib/crypto-box';
import type { AccountModels } from '../../models/accounts';
import { isDuplicateKey } from '../../models/push';
import type { WechatSession } from '../../upstreams/wechat/client';

/** Account ids are ours, random and opaque: `acc_` + 16 random bytes base64url. */
export const newAccountId = () => `acc_${randomBytes(16).toString('base64url')}`;

/**
 * Finds the account of a WeChat user or creates it. Creation is the insert itself: the unique
 * index on openid lets exactly one of two concurrent first logins win; the other reads it.
 */
export class AccountStore {
  constructor(
    private readonly models: Pick<AccountModels, 'Account'>,
    private readonly dataKey: DataKey,
    private readonly now: () => number = Date.now,
  ) {}

  async loginWith(session: WechatSession): Promise<{ accountId: string; created: boolean }> {
    const at = new Date(this.now());
    const sealed = encrypt(this.dataKey, session.sessionKey);
    let accountId = (await this.models.Account.findOne({ openid: session.openid }, { _id: 1 }).lean())?._id;
    if (!accountId) {
      const _id = newAccountId();
      try {
        await this.models.Account.create({
          _id,
          openid: session.openid,
          unionid: session.unionid ?? null,
          sessionKeySealed: sealed,
          createdAt: at,
          lastLoginAt: at,
        });
        return { accountId: _id, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      // Another first login of this openid won the insert: use its account.
      accountId = (await this.models.Account.findOne({ openid: session.openid }, { _id: 1 }).lean())?._id;
      if (!accountId) throw new Error('account insert lost to a duplicate that cannot be read');
    }
    // Last writer wins on the session key: both are fresh keys of this very user. (A plain update:
    // FerretDB does not support projections on findAndModify.)
    await this.models.Account.updateOne(
      { _id: accountId },
      {
        $set: {
          sessionKeySealed: sealed,
          lastLoginAt: at,
          ...(session.unionid !== undefined && { unionid: session.unionid }),
        },
      },
    );
    return { accountId, created: false };
  }
}
