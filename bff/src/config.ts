import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The repository's config/ folder; everything else is relative to the repository root. */
export const REPO_ROOT = path.resolve(__dirname, '../..');
const CONFIG_DIR = path.join(REPO_ROOT, 'config');

const byteSize = z.string().regex(/^[1-9][0-9]*(b|kb|mb)$/i, 'expected a size like 100kb or 1mb');

const BookingRulesSchema = z.object({
  maxActivePerPatient: z.number().int().min(1).max(50),
  cancelCutoffMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
  noShow: z.object({
    count: z.number().int().min(1).max(100),
    windowDays: z.number().int().min(1).max(3_650),
    banDays: z.number().int().min(0).max(3_650),
  }),
});

const HospitalFeed = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
    adapter: z.enum(['fhir', 'smart-scheduling-links', 'his-xml']),
    baseUrl: z.url(),
    encoding: z.enum(['utf-8', 'gbk']).optional(),
    timeoutMs: z.number().int().min(50).max(60_000).optional(),
    push: z.object({ url: z.url(), secret: z.string().min(16) }).optional(),
    /** HMAC key of this hospital's clinic terminals (POST /clinic/verify); none: they cannot verify. */
    clinicKey: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Hospital IT's feed console sign-in key (POST /console/sessions); none: no console for it. */
    consoleKey: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * here (default): residents book through this app; external: the hospital takes bookings only
     * on its own page or by phone (the slots' booking-deep-link / booking-phone), so we send them.
     */
    bookingMode: z.enum(['here', 'external']).optional(),
    /**
     * What `npm start` runs for this entry: a simulator writing the plain standard (default) or
     * with our enrichments, or none: a real endpoint, polled at its URL as it is.
     */
    simulator: z.enum(['standard', 'enriched', 'none']).optional(),
    /** This hospital's own booking rules, over the defaults in `booking.rules`. */
    booking: BookingRulesSchema.partial()
      .extend({ noShow: BookingRulesSchema.shape.noShow.partial().optional() })
      .optional(),
  })
  .loose();

/**
 * An SM2 key that signs e-health card codes: a PKCS#8 or SEC1 PEM (`\n` escapes are read as line
 * breaks, for environments that flatten them), or in development a `dev-only…` text the key is
 * derived from, so every replica and restart agrees without a key file.
 */
const CodeKeySchema = z.object({
  keyId: z.number().int().min(0).max(255),
  privateKey: z
    .string()
    .refine(
      (v) => v.startsWith('dev-only') || v.includes('PRIVATE KEY-----'),
      'expected an SM2 private key PEM',
    ),
});

export const HospitalRegistrySchema = z.object({ hospitals: z.array(HospitalFeed) }).loose();

export const ConfigSchema = z.object({
  env: z.enum(['development', 'test', 'production']),
  http: z.object({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    bodyLimit: byteSize,
    corsOrigins: z.array(z.url()),
    trustProxy: z.boolean(),
  }),
  log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }),
  mongodb: z.object({
    uri: z.union([z.literal(''), z.string().regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// URI')]),
    dbName: z.string().regex(/^[A-Za-z0-9_-]{1,38}$/, 'expected a database name'),
  }),
  regional: z.object({
    baseUrl: z.url(),
    appId: z.string().min(1),
    appSecret: z.string().min(16, 'must be at least 16 characters'),
    timeoutMs: z.number().int().min(50).max(60_000),
    retries: z.number().int().min(0).max(5),
  }),
  directory: z.object({
    syncIntervalMs: z.number().int().min(1_000),
    staleAfterMs: z.number().int().min(1_000),
    reloadCheckMs: z.number().int().min(100),
  }),
  feeds: z.object({
    /** Off: no polling (the stored slots still serve); push still accepted. */
    enabled: z.boolean(),
    intervalMs: z.number().int().min(1_000),
    fullSyncEveryMs: z.number().int().min(1_000),
    timeoutMs: z.number().int().min(50).max(60_000),
    liveDeadlineMs: z.number().int().min(50).max(10_000),
    pushMaxBodyBytes: z.number().int().min(1_024).max(10_000_000),
    pushMaxSkewMs: z.number().int().min(1_000).max(3_600_000),
  }),
  wechat: z.object({
    appId: z.string().min(1),
    appSecret: z.string().min(16, 'must be at least 16 characters'),
    baseUrl: z.url(),
    timeoutMs: z.number().int().min(50).max(60_000),
  }),
  auth: z.object({
    jwtSecret: z.string().min(32, 'must be at least 32 characters'),
    accessTtlSeconds: z.number().int().min(60).max(86_400),
    refreshTtlDays: z.number().int().min(1).max(365),
    /** AES-256-GCM key for personal data at rest (session keys, ID numbers): 32 bytes, base64. */
    dataKey: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64'),
  }),
  privacy: z.object({ version: z.string().min(1).max(32) }),
  booking: z.object({
    /** The whole hospital booking call; past it the outcome is unknown and reconciled. */
    hospitalTimeoutMs: z.number().int().min(100).max(60_000),
    reconcileIntervalMs: z.number().int().min(100),
    /** A booking the hospital still does not know after this is failed and its seat released. */
    giveUpAfterMs: z.number().int().min(1_000),
    /** After the visit: ask the hospital whether the patient came (attended / no_show). */
    visits: z.object({
      checkIntervalMs: z.number().int().min(100),
      graceMinutes: z
        .number()
        .int()
        .min(0)
        .max(24 * 60),
      lookBackDays: z.number().int().min(1).max(90),
    }),
    rules: BookingRulesSchema,
    reminders: z.object({
      eveningHour: z.number().int().min(0).max(23),
      hourBeforeMinutes: z
        .number()
        .int()
        .min(5)
        .max(24 * 60),
      sendIntervalMs: z.number().int().min(100),
      templateId: z.string().min(1),
    }),
    perAccountPerMinute: z.number().int().min(1).max(1_000_000),
    perIpPerMinute: z.number().int().min(1).max(1_000_000),
  }),
  rateLimits: z.object({ loginPerIpPerMinute: z.number().int().min(1).max(100_000) }),
  /** 电子健康卡 codes (docs/health-card.md). */
  healthCard: z
    .object({
      /** Signs every new code; its id is in the code, so old codes keep verifying after a rotation. */
      signingKey: CodeKeySchema,
      /** Earlier signing keys, still accepted (static codes printed under them, codes in flight). */
      retiredKeys: z.array(CodeKeySchema).max(16),
      /** The page shows a new dynamic code this often… */
      refreshSeconds: z.number().int().min(10).max(600),
      /** …and each is accepted this long from its start. */
      validitySeconds: z.number().int().min(10).max(1_800),
      /** Codes in an offline pack, one per refresh window. */
      offlineCodes: z.number().int().min(1).max(60),
      /** A card's status from the platform is reused this long at verification (0: ask every time). */
      statusCacheMs: z.number().int().min(0).max(600_000),
      codesPerAccountPerMinute: z.number().int().min(1).max(1_000_000),
      pin: z.object({
        maxTries: z.number().int().min(1).max(20),
        lockMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60),
      }),
    })
    .refine((h) => h.validitySeconds >= h.refreshSeconds, {
      message: 'must be at least refreshSeconds',
      path: ['validitySeconds'],
    })
    .refine(
      (h) => new Set([h.signingKey, ...h.retiredKeys].map((k) => k.keyId)).size === h.retiredKeys.length + 1,
      { message: 'key ids must differ', path: ['retiredKeys'] },
    ),
  /** Clinic terminals verifying codes; their keys are the registry's `clinicKey`. */
  clinic: z.object({
    maxSkewMs: z.number().int().min(1_000).max(3_600_000),
    perTerminalPerMinute: z.number().int().min(1).max(1_000_000),
  }),
  /** Lab and imaging reports from the hospitals (issue 7, docs/upstreams/reports.md). */
  reports: z.object({
    /** The whole budget of a report list or trend: index look-up and every hospital together. */
    deadlineMs: z.number().int().min(100).max(30_000),
    /** A hospital's answer is reused this long; after it, asked again (and shown `stale` if it fails). */
    cacheTtlMs: z.number().int().min(0).max(86_400_000),
    /** 互认: hospitals whose results the city's other hospitals accept. */
    mutualRecognition: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/)).max(500),
    /** The 共享调阅 notice a resident accepts per patient before records are shown. */
    consentVersion: z.string().min(1).max(32),
  }),
  /** Shared between replicas when set: rate limits, slot broadcasts; in-process otherwise. */
  redis: z.object({
    url: z.union([z.literal(''), z.string().regex(/^rediss?:\/\//, 'expected a redis:// URL')]),
    /** Before every key and channel, so deployments (or test runs) can share one Redis. */
    keyPrefix: z.string().regex(/^[A-Za-z0-9:_-]{0,40}$/, 'letters, digits, : _ - only'),
  }),
  /**
   * Background jobs across replicas (docs/replicas.md): `auto` takes leases when REDIS_URL is set
   * (a deployment of several replicas), `on` / `off` say so outright.
   */
  jobs: z.object({
    leases: z.enum(['auto', 'on', 'off']),
    leasePeriodMs: z.number().int().min(1_000).max(3_600_000),
  }),
  h5: z.object({ dir: z.string() }),
  /** Hospital IT's feed console (issue 13 item 7); the hospitals' keys are the registry's `consoleKey`. */
  console: z
    .object({
      /** Signs in as the city's operator, seeing every hospital; empty: no operator sign-in. */
      operatorKey: z.union([z.literal(''), z.string().min(16, 'must be at least 16 characters')]),
      sessionTtlSeconds: z.number().int().min(60).max(43_200),
      signInPerIpPerMinute: z.number().int().min(1).max(10_000),
    })
    .default({ operatorKey: '', sessionTtlSeconds: 3_600, signInPerIpPerMinute: 10 }),
  hospitalsFile: z.string().min(1),
  hospitalRegistry: HospitalRegistrySchema,
});

export type Config = z.infer<typeof ConfigSchema>;

type Kind = 'string' | 'number' | 'boolean' | 'list' | 'json';

/** Every environment variable the BFF reads, the config key it sets, and how to read it. */
export const ENV_VARS: ReadonlyArray<{ name: string; key: string; kind: Kind; doc: string }> = [
  { name: 'NODE_ENV', key: 'env', kind: 'string', doc: 'development | test | production' },
  { name: 'HOST', key: 'http.host', kind: 'string', doc: 'address to listen on' },
  { name: 'PORT', key: 'http.port', kind: 'number', doc: 'port to listen on (0 = any free port)' },
  { name: 'BODY_LIMIT', key: 'http.bodyLimit', kind: 'string', doc: 'largest JSON body, e.g. 100kb' },
  { name: 'CORS_ORIGINS', key: 'http.corsOrigins', kind: 'list', doc: 'comma-separated browser origins' },
  { name: 'TRUST_PROXY', key: 'http.trustProxy', kind: 'boolean', doc: 'honour X-Forwarded-* headers' },
  { name: 'LOG_LEVEL', key: 'log.level', kind: 'string', doc: 'pino level' },
  { name: 'MONGODB_URI', key: 'mongodb.uri', kind: 'string', doc: 'MongoDB / FerretDB URI' },
  { name: 'MONGODB_DB', key: 'mongodb.dbName', kind: 'string', doc: 'database name' },
  { name: 'REGIONAL_BASE_URL', key: 'regional.baseUrl', kind: 'string', doc: 'regional platform URL' },
  { name: 'REGIONAL_APP_ID', key: 'regional.appId', kind: 'string', doc: 'our app id at the platform' },
  { name: 'REGIONAL_APP_SECRET', key: 'regional.appSecret', kind: 'string', doc: 'request-signing secret' },
  { name: 'REGIONAL_TIMEOUT_MS', key: 'regional.timeoutMs', kind: 'number', doc: 'per-request timeout' },
  { name: 'REGIONAL_RETRIES', key: 'regional.retries', kind: 'number', doc: 'retries of idempotent GETs' },
  { name: 'DIRECTORY_SYNC_INTERVAL_MS', key: 'directory.syncIntervalMs', kind: 'number', doc: 'sync period' },
  {
    name: 'DIRECTORY_STALE_AFTER_MS',
    key: 'directory.staleAfterMs',
    kind: 'number',
    doc: 'age flagged stale',
  },
  { name: 'FEEDS_ENABLED', key: 'feeds.enabled', kind: 'boolean', doc: 'poll hospital slot feeds' },
  { name: 'FEED_INTERVAL_MS', key: 'feeds.intervalMs', kind: 'number', doc: 'poll period per hospital' },
  {
    name: 'FEED_FULL_SYNC_MS',
    key: 'feeds.fullSyncEveryMs',
    kind: 'number',
    doc: 'full snapshot (drops removed slots) at least this often',
  },
  { name: 'FEED_TIMEOUT_MS', key: 'feeds.timeoutMs', kind: 'number', doc: 'per feed request' },
  {
    name: 'LIVE_DEADLINE_MS',
    key: 'feeds.liveDeadlineMs',
    kind: 'number',
    doc: 'budget of a live=true earliest search',
  },
  { name: 'WECHAT_APPID', key: 'wechat.appId', kind: 'string', doc: 'mini-program app id' },
  { name: 'WECHAT_SECRET', key: 'wechat.appSecret', kind: 'string', doc: 'mini-program app secret' },
  { name: 'WECHAT_BASE_URL', key: 'wechat.baseUrl', kind: 'string', doc: 'WeChat API URL' },
  { name: 'WECHAT_TIMEOUT_MS', key: 'wechat.timeoutMs', kind: 'number', doc: 'per WeChat request' },
  { name: 'JWT_SECRET', key: 'auth.jwtSecret', kind: 'string', doc: 'access-token HMAC key (≥ 32 chars)' },
  { name: 'DATA_KEY', key: 'auth.dataKey', kind: 'string', doc: 'AES-256-GCM data key, 32 bytes base64' },
  {
    name: 'BOOKING_HOSPITAL_TIMEOUT_MS',
    key: 'booking.hospitalTimeoutMs',
    kind: 'number',
    doc: 'hospital booking call; past it the outcome is reconciled',
  },
  {
    name: 'BOOKING_PER_ACCOUNT_PER_MINUTE',
    key: 'booking.perAccountPerMinute',
    kind: 'number',
    doc: 'booking writes per account per minute',
  },
  {
    name: 'BOOKING_PER_IP_PER_MINUTE',
    key: 'booking.perIpPerMinute',
    kind: 'number',
    doc: 'booking writes per client address per minute',
  },
  { name: 'PRIVACY_VERSION', key: 'privacy.version', kind: 'string', doc: 'privacy notice in force' },
  {
    name: 'LOGIN_RATE_PER_MINUTE',
    key: 'rateLimits.loginPerIpPerMinute',
    kind: 'number',
    doc: 'logins per client IP per minute',
  },
  {
    name: 'REDIS_URL',
    key: 'redis.url',
    kind: 'string',
    doc: 'Redis shared by replicas: rate limits, slot broadcasts',
  },
  { name: 'REDIS_KEY_PREFIX', key: 'redis.keyPrefix', kind: 'string', doc: 'before every Redis key' },
  { name: 'JOB_LEASES', key: 'jobs.leases', kind: 'string', doc: 'auto | on | off: one replica per job' },
  { name: 'LEASE_PERIOD_MS', key: 'jobs.leasePeriodMs', kind: 'number', doc: 'length of a job lease' },
  {
    name: 'HEALTHCARD_SM2_KEY',
    key: 'healthCard.signingKey.privateKey',
    kind: 'string',
    doc: 'SM2 private key PEM signing e-health card codes',
  },
  {
    name: 'HEALTHCARD_SM2_KEY_ID',
    key: 'healthCard.signingKey.keyId',
    kind: 'number',
    doc: 'id (0-255) of that key, carried in each code',
  },
  {
    name: 'HEALTHCARD_SM2_RETIRED_KEYS',
    key: 'healthCard.retiredKeys',
    kind: 'json',
    doc: 'JSON [{keyId, privateKey}] of earlier keys still accepted',
  },
  {
    name: 'HEALTHCARD_REFRESH_SECONDS',
    key: 'healthCard.refreshSeconds',
    kind: 'number',
    doc: 'a new dynamic code this often',
  },
  {
    name: 'HEALTHCARD_VALIDITY_SECONDS',
    key: 'healthCard.validitySeconds',
    kind: 'number',
    doc: 'how long a dynamic code is accepted',
  },
  {
    name: 'HEALTHCARD_OFFLINE_CODES',
    key: 'healthCard.offlineCodes',
    kind: 'number',
    doc: 'codes in an offline pack',
  },
  {
    name: 'CLINIC_PER_TERMINAL_PER_MINUTE',
    key: 'clinic.perTerminalPerMinute',
    kind: 'number',
    doc: 'verifications per clinic terminal per minute',
  },
  {
    name: 'REPORTS_DEADLINE_MS',
    key: 'reports.deadlineMs',
    kind: 'number',
    doc: 'budget of a report list or trend across hospitals',
  },
  { name: 'REPORTS_CACHE_TTL_MS', key: 'reports.cacheTtlMs', kind: 'number', doc: 'hospital answers reused' },
  {
    name: 'REPORTS_MUTUAL_RECOGNITION',
    key: 'reports.mutualRecognition',
    kind: 'list',
    doc: 'comma-separated hospital ids of the 互认 list',
  },
  {
    name: 'CONSOLE_OPERATOR_KEY',
    key: 'console.operatorKey',
    kind: 'string',
    doc: 'feed console key seeing every hospital (≥ 16 chars; empty = none)',
  },
  { name: 'H5_DIR', key: 'h5.dir', kind: 'string', doc: 'serve this H5 build at / (empty = off)' },
  { name: 'HOSPITALS_FILE', key: 'hospitalsFile', kind: 'string', doc: 'hospital registry JSON path' },
];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Tree = Record<string, unknown>;

function readJson(file: string): Tree {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Tree;
  } catch (err) {
    throw new ConfigError(`config error: ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
}

function setPath(tree: Tree, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Tree;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** A value that does not parse stays a string, so zod names the key in its complaint. */
function readEnvValue(raw: string, kind: Kind): unknown {
  if (kind === 'number') return /^-?[0-9]+$/.test(raw.trim()) ? Number(raw) : raw;
  if (kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (kind === 'json') {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (kind === 'list')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return raw;
}

function deepMerge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Tree, v as Tree)
        : v;
  }
  return out;
}

export type ConfigOverrides = {
  [K in keyof Config]?: Config[K] extends object ? Partial<Config[K]> : Config[K];
};

/**
 * config/default.json, then the environment, then `overrides` (tests). Throws ConfigError with
 * one line naming the first bad key; server.ts prints it and exits.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  let tree = readJson(path.join(CONFIG_DIR, 'default.json'));
  tree.hospitalsFile = path.join(CONFIG_DIR, 'hospitals.json');
  for (const v of ENV_VARS) {
    const raw = env[v.name];
    if (raw !== undefined && raw !== '') setPath(tree, v.key, readEnvValue(raw, v.kind));
  }
  if (env.MONGODB_URI === '') setPath(tree, 'mongodb.uri', '');
  tree = deepMerge(tree, overrides as Tree);
  const hospitalsFile = path.resolve(REPO_ROOT, String(tree.hospitalsFile));
  tree.hospitalsFile = hospitalsFile;
  // A test may hand over the registry itself (its simulators sit on free ports).
  tree.hospitalRegistry ??= readJson(hospitalsFile);

  const parsed = ConfigSchema.safeParse(tree);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join('.') ?? '?';
    const envName = ENV_VARS.find((v) => key === v.key || key.startsWith(`${v.key}.`))?.name;
    throw new ConfigError(
      `config error: ${key}${envName ? ` (${envName})` : ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  if (parsed.data.env === 'production') refuseDevSecrets(parsed.data);
  return parsed.data;
}

/** The secrets in config/default.json are for development; production must bring its own. */
function refuseDevSecrets(config: Config): void {
  const devOnly = (v: string) =>
    v.startsWith('dev-only') || Buffer.from(v, 'base64').toString().startsWith('dev-only');
  const secrets: Array<[string, string]> = [
    ['auth.jwtSecret', config.auth.jwtSecret],
    ['auth.dataKey', config.auth.dataKey],
    ['wechat.appSecret', config.wechat.appSecret],
    ['healthCard.signingKey.privateKey', config.healthCard.signingKey.privateKey],
    ...config.healthCard.retiredKeys.map((k, i): [string, string] => [
      `healthCard.retiredKeys.${i}.privateKey`,
      k.privateKey,
    ]),
    ...config.hospitalRegistry.hospitals.flatMap((h, i): Array<[string, string]> =>
      h.clinicKey ? [[`hospitalRegistry.hospitals.${i}.clinicKey`, h.clinicKey]] : [],
    ),
  ];
  for (const [key, value] of secrets) {
    if (!devOnly(value)) continue;
    const envName = ENV_VARS.find((v) => key === v.key || key.startsWith(`${v.key}.`))?.name;
    throw new ConfigError(
      `config error: ${key}${envName ? ` (${envName})` : ''}: production must set its own secret`,
    );
  }
}
