import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * One config for both targets. TARO_ENV picks the output folder so the weapp build
 * (miniapp/dist, what project.config.json points at) and the H5 build (miniapp/dist-h5,
 * served by the BFF) never overwrite each other.
 */
const taroEnv = process.env.TARO_ENV ?? 'weapp';
const isH5 = taroEnv === 'h5';

// The shared workspace is TypeScript source: both compilers must transpile it.
const sharedDir = path.resolve(__dirname, '../../shared');

// H5 is served by the BFF from the same origin; the weapp needs an absolute URL.
const apiBase = isH5
  ? process.env.JK_API_BASE || '/api/v1'
  : process.env.JK_API_BASE || 'http://127.0.0.1:3000/api/v1';

export default defineConfig<'webpack5'>(() => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'jiankang',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
      // The 就诊提醒 template the BFF sends (bff config booking.reminders.templateId).
      SUBSCRIBE_TEMPLATE_ID: JSON.stringify(process.env.JK_SUBSCRIBE_TEMPLATE_ID || 'jk-visit-reminder'),
    },
    mini: {
      compile: { include: [sharedDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedDir] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      devServer: { host: '127.0.0.1', port: 10086 },
      // Taro splits only the entry chunks; each lazily loaded page then carries its own copy of
      // the H5 component library (~95 KB). Splitting async chunks too shares one copy.
      webpackChain(chain) {
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' });
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  return config;
});
