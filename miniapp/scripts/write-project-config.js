#!/usr/bin/env node
// Writes the WeChat DevTools project file at the repository root (project.config.json), taking
// the mini-program appid from config/default.json (wechat.appId), overridden by WECHAT_APPID.
// Fields already in the file (a developer's DevTools settings) are kept; ours win on conflict.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '../..');
const configFile = path.join(repoRoot, 'config', 'default.json');
const target = path.join(repoRoot, 'project.config.json');

function readJson(file, fallback) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (fallback !== undefined && err.code === 'ENOENT') return fallback;
    throw new Error(`${path.relative(repoRoot, file)}: ${err.message}`);
  }
}

function main() {
  const config = readJson(configFile);
  const appid = process.env.WECHAT_APPID || (config.wechat && config.wechat.appId);
  if (!appid || typeof appid !== 'string') {
    throw new Error('No WeChat appid: set wechat.appId in config/default.json or WECHAT_APPID');
  }
  const existing = readJson(target, {});
  const next = {
    ...existing,
    description: existing.description || 'Jiankang 健康惠州 mini-program (Taro 4)',
    projectname: 'jiankang',
    appid,
    compileType: 'miniprogram',
    miniprogramRoot: 'miniapp/dist/',
    setting: {
      urlCheck: false, // development talks to http://127.0.0.1; release builds use the whitelisted https domain
      es6: false, // Taro's weapp output is already ES5 (checked: no classes or arrows in dist/)
      enhance: false,
      postcss: false,
      minified: true,
      minifyWXSS: true,
      minifyWXML: true,
      uploadWithSourceMap: true,
      ...(existing.setting || {}),
    },
  };
  const text = `${JSON.stringify(next, null, 2)}\n`;
  const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (before !== text) fs.writeFileSync(target, text);
  console.log(`project.config.json: appid ${appid}, miniprogramRoot ${next.miniprogramRoot}`);
}

try {
  main();
} catch (err) {
  console.error(`write-project-config: ${err.message}`);
  process.exit(1);
}
