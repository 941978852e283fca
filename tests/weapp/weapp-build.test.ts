import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Builds the mini-program for WeChat and checks what WeChat DevTools would refuse: a page listed
 * in app.json without its files, a broken template import, a package over the size limits.
 */

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'miniapp', 'dist');

// WeChat's limits for a mini-program using subpackages.
const MB = 1024 * 1024;
const MAIN_LIMIT = 2 * MB;
const SUBPACKAGE_LIMIT = 2 * MB;
const TOTAL_LIMIT = 20 * MB;

interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  subpackages?: { root: string; pages: string[] }[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const rel = (file: string) => path.relative(DIST, file).split(path.sep).join('/');

let app: AppJson;
let subPackages: { root: string; pages: string[] }[];
let buildMs = 0;

beforeAll(async () => {
  const started = Date.now();
  await run('npm', ['run', 'build:weapp'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 64 * MB,
    timeout: 180_000,
  });
  buildMs = Date.now() - started;
  app = JSON.parse(readFileSync(path.join(DIST, 'app.json'), 'utf8')) as AppJson;
  subPackages = (app.subPackages ?? app.subpackages ?? []).map((p) => ({
    root: p.root.replace(/\/+$/, ''),
    pages: p.pages,
  }));
}, 200_000);

describe('weapp build (miniapp/dist)', () => {
  it('when built, then app.json lists the home page in the main package and hospital pages in a subpackage', () => {
    console.log(`weapp build: ${(buildMs / 1000).toFixed(1)} s`);
    expect(app.pages[0]).toBe('pages/index/index');
    expect(subPackages.length).toBeGreaterThan(0);
    const allSubPages = subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`));
    expect(allSubPages).toEqual(
      expect.arrayContaining(['pages/hospital/detail/index', 'pages/hospital/department/index']),
    );
    for (const file of ['app.js', 'app.json', 'app.wxss', 'base.wxml']) {
      expect(existsSync(path.join(DIST, file))).toBe(true);
    }
  });

  it('when a page is listed, then its .js, .json and .wxml exist and its template and components resolve', () => {
    const pages = [...app.pages, ...subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))];
    const problems: string[] = [];
    for (const page of pages) {
      const base = path.join(DIST, page);
      for (const ext of ['.js', '.json', '.wxml']) {
        if (!existsSync(base + ext) || statSync(base + ext).size === 0)
          problems.push(`${page}${ext} missing or empty`);
      }
      if (!existsSync(`${base}.wxml`) || !existsSync(`${base}.json`)) continue;
      // Taro 4 pages are a thin wxml that imports the shared base template.
      const wxml = readFileSync(`${base}.wxml`, 'utf8');
      for (const [, src] of wxml.matchAll(/<import\s+src="([^"]+)"/g)) {
        if (!existsSync(path.resolve(path.dirname(base), src!)))
          problems.push(`${page}.wxml imports missing ${src}`);
      }
      const json = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as {
        usingComponents?: Record<string, string>;
      };
      for (const [name, src] of Object.entries(json.usingComponents ?? {})) {
        const comp = path.resolve(path.dirname(base), src);
        if (!existsSync(`${comp}.js`) || !existsSync(`${comp}.json`)) {
          problems.push(`${page}.json component ${name} -> ${src} not built`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('when measured, then every package is inside WeChat limits (main < 2 MB, each subpackage < 2 MB, total < 20 MB)', () => {
    const files = filesUnder(DIST).map((f) => ({ path: rel(f), size: statSync(f).size }));
    const inRoot = (file: string, root: string) => file === root || file.startsWith(`${root}/`);
    const subSizes = subPackages.map((p) => ({
      root: p.root,
      size: files.filter((f) => inRoot(f.path, p.root)).reduce((n, f) => n + f.size, 0),
    }));
    const main = files
      .filter((f) => !subPackages.some((p) => inRoot(f.path, p.root)))
      .reduce((n, f) => n + f.size, 0);
    const total = files.reduce((n, f) => n + f.size, 0);

    console.log(
      [
        `weapp main package: ${kb(main)}`,
        ...subSizes.map((s) => `weapp subpackage ${s.root}: ${kb(s.size)}`),
        `weapp total: ${kb(total)} (${files.length} files)`,
      ].join('\n'),
    );

    expect(main).toBeLessThan(MAIN_LIMIT);
    for (const s of subSizes) expect(s.size).toBeLessThan(SUBPACKAGE_LIMIT);
    expect(total).toBeLessThan(TOTAL_LIMIT);
  });

  it('when built for weapp, then the API base baked in is an absolute URL (a mini-program cannot use a relative one)', () => {
    const expected = process.env.JK_API_BASE || 'http://127.0.0.1:3000/api/v1';
    const js = filesUnder(DIST)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(expected).toMatch(/^https?:\/\//);
    expect(js).toContain(JSON.stringify(expected));
  });

  it('when built, then the root project.config.json points WeChat DevTools at miniapp/dist with the configured appid', () => {
    const project = JSON.parse(readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const config = JSON.parse(readFileSync(path.join(ROOT, 'config', 'default.json'), 'utf8')) as {
      wechat: { appId: string };
    };
    expect(project).toMatchObject({
      miniprogramRoot: 'miniapp/dist/',
      compileType: 'miniprogram',
      projectname: 'jiankang',
      appid: process.env.WECHAT_APPID || config.wechat.appId,
    });
  });
});
