import axios, { type AxiosInstance } from 'axios';

export interface WechatClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
}

/**
 * api.weixin.qq.com as both WeChat clients call it: every status handed back and the body as
 * text, because WeChat answers refusals with HTTP 200 and `errcode` (jscode2session as text/plain).
 */
export function createWechatHttp(opts: WechatClientOptions): AxiosInstance {
  return axios.create({
    baseURL: opts.baseUrl,
    timeout: opts.timeoutMs,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxContentLength: 64 * 1024,
  });
}
