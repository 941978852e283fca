import { z } from 'zod';
import { IsoDateTime } from './common';

/** What wx.login hands the mini-program; WeChat's codes are 32 characters, we allow some slack. */
export const LoginRequest = z.strictObject({
  code: z.string().trim().min(1).max(128).describe('The code from wx.login (single use, 5 minutes)'),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** 32 random bytes, base64url: 43 characters. */
const RefreshTokenText = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'expected a refresh token')
  .describe('Opaque; single use: every refresh answers a new one');

export const RefreshRequest = z.strictObject({ refreshToken: RefreshTokenText });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const LogoutRequest = z.strictObject({ refreshToken: RefreshTokenText });
export type LogoutRequest = z.infer<typeof LogoutRequest>;

/** Answer of login and refresh. The access token goes in `Authorization: Bearer …`. */
export const TokenResponse = z.object({
  accessToken: z.string().describe('JWT, short-lived'),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().positive().describe('Seconds the access token is valid'),
  refreshToken: RefreshTokenText,
  refreshExpiresIn: z.number().int().positive().describe('Seconds the refresh token is valid'),
  accountId: z.string(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const ConsentRecord = z.object({
  version: z.string(),
  acceptedAt: IsoDateTime,
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

export const MeResponse = z.object({
  accountId: z.string(),
  consent: ConsentRecord.nullable().describe('The latest privacy notice accepted, if any'),
  currentConsentVersion: z.string().describe('The privacy notice in force; personal data needs it accepted'),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const ConsentRequest = z.strictObject({
  version: z.string().trim().min(1).max(32).describe('The privacy notice version being accepted'),
});
export type ConsentRequest = z.infer<typeof ConsentRequest>;

export const ConsentResponse = ConsentRecord;
export type ConsentResponse = z.infer<typeof ConsentResponse>;
