/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.scss';

/** The BFF's `/api/v1` base URL, fixed at build time (config/index.ts defineConstants). */
declare const API_BASE: string;

/** The 就诊提醒 subscribe-message template id (config/index.ts, env JK_SUBSCRIBE_TEMPLATE_ID). */
declare const SUBSCRIBE_TEMPLATE_ID: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony';
  }
}
