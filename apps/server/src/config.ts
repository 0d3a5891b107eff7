import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['0', '1', 'true', 'false'])
  .transform((v) => v === '1' || v === 'true');
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `a URL starting with ${protocols.join(' or ')}//`);

/**
 * Every environment variable LiveDesk reads, in one place. The README's configuration table is written
 * from this schema; nothing else reads `process.env`.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LIVEDESK_DATA_DIR: z.string().default('./data'),
  LIVEDESK_ADMIN_EMAIL: z.email().default('admin@livedesk.local'),
  LIVEDESK_ADMIN_PASSWORD: z.string().min(10).max(200).optional(),
  LIVEDESK_DEMO: bool.default(true),
  LIVEDESK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LIVEDESK_SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('normal'),
  /** The analytics DuckDB file (a relative path is taken inside the data dir), or `:memory:` for a throwaway store. */
  LIVEDESK_OLAP_FILE: z.string().optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  NATS_URL: url(['nats:', 'tls:']).optional(),
  /** Prefix of Redis keys, NATS stream and subject names, so deployments can share servers. */
  LIVEDESK_NAMESPACE: z.string().regex(/^[a-zA-Z0-9_-]{1,32}$/).default('livedesk'),
  LIVEDESK_TOKEN_SECRET: z.string().min(43, 'at least 32 bytes, base64').optional(),
  LIVEDESK_PII_KEYS: z.string().optional(),
  LIVEDESK_PII_HASH_KEY: z.string().min(43, 'at least 32 bytes, base64').optional(),
  LIVEDESK_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  LIVEDESK_REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LIVEDESK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  LIVEDESK_TRUST_PROXY: bool.default(false),
  LIVEDESK_SANDBOX_PAYMENTS: bool.default(true),
  /** How buyers and OBS reach this server; the base of `playUrl`, `roomUrl` and the default ingest host. */
  LIVEDESK_PUBLIC_URL: url(['http:', 'https:']).optional(),
  LIVEDESK_RTMP_PORT: z.coerce.number().int().min(0).max(65535).default(1935),
  /** `embedded`: node-media-server in this process; `external`: SRS or nginx-rtmp calling our publish hooks. */
  LIVEDESK_MEDIA: z.enum(['embedded', 'external']).default('embedded'),
  /** The RTMP ingest URL shown to anchors (OBS "server"); default `rtmp://<public host>:<RTMP port>/live`. */
  LIVEDESK_RTMP_URL: url(['rtmp:', 'rtmps:']).optional(),
  /** External mode: the HTTP-FLV URL of a stream, `{stream}` replaced by the session id. */
  LIVEDESK_PLAY_URL_TEMPLATE: z.string().includes('{stream}').optional(),
  /** Secret the external media server sends with its hooks (`?secret=` on the hook URL). */
  LIVEDESK_MEDIA_HOOK_SECRET: z.string().min(16).optional(),
  /** How long a show stays live after its publisher drops, so a reconnecting OBS does not end it. */
  LIVEDESK_UNPUBLISH_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /**
   * How long accepted tracking-event ids are kept to catch resends. At least the 7 days an event may be
   * late (too_old), so a resend of any event still accepted is still recognised.
   */
  LIVEDESK_EVENT_DEDUPE_DAYS: z.coerce.number().int().min(7).max(3650).default(30),
  /** The Chromium that prints post-live reviews to PDF. */
  LIVEDESK_CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  admin: { email: string; password: string | undefined };
  demo: boolean;
  logLevel: Env['LIVEDESK_LOG_LEVEL'];
  db:
    | { kind: 'sqlite'; file: string; synchronous: 'full' | 'normal' }
    | { kind: 'postgres'; url: string; schema: string | undefined; poolSize: number };
  /** the analytics store: a DuckDB file path or `:memory:` */
  olap: { file: string };
  redisUrl: string | undefined;
  natsUrl: string | undefined;
  namespace: string;
  secrets: {
    tokenSecret: string | undefined;
    piiKeys: string | undefined;
    piiHashKey: string | undefined;
  };
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  rateLimitPerMinute: number;
  trustProxy: boolean;
  /** the sandbox payment method (no money moves): on for demos and tests, off for a shop taking real payments */
  sandboxPayments: boolean;
  live: {
    /** base URL buyers and consoles reach this server at, no trailing slash */
    publicUrl: string;
    rtmpPort: number;
    rtmpUrl: string;
    media: 'embedded' | 'external';
    playUrlTemplate: string | undefined;
    mediaHookSecret: string | undefined;
    unpublishGraceMs: number;
  };
  /** how long accepted tracking-event ids are kept for dedupe */
  eventDedupeMs: number;
  reviews: {
    /** LIVEDESK_PUBLIC_URL as given: share links are absolute only then, else relative to the console's address */
    shareBaseUrl: string | undefined;
    chromiumPath: string;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once; fails with every bad variable listed, not just the first. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  // Empty strings mean "not set": shells and compose files produce them for unset variables.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.LIVEDESK_DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    admin: { email: e.LIVEDESK_ADMIN_EMAIL.toLowerCase(), password: e.LIVEDESK_ADMIN_PASSWORD },
    demo: e.LIVEDESK_DEMO,
    logLevel: e.LIVEDESK_LOG_LEVEL,
    db: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'sqlite' as const, file: resolve(dataDir, 'livedesk.db'), synchronous: e.LIVEDESK_SQLITE_SYNCHRONOUS },
    olap: { file: e.LIVEDESK_OLAP_FILE === ':memory:' ? ':memory:' : resolve(dataDir, e.LIVEDESK_OLAP_FILE ?? 'analytics.duckdb') },
    redisUrl: e.REDIS_URL,
    natsUrl: e.NATS_URL,
    namespace: e.LIVEDESK_NAMESPACE,
    secrets: {
      tokenSecret: e.LIVEDESK_TOKEN_SECRET,
      piiKeys: e.LIVEDESK_PII_KEYS,
      piiHashKey: e.LIVEDESK_PII_HASH_KEY,
    },
    accessTokenTtlMs: e.LIVEDESK_ACCESS_TOKEN_TTL_SECONDS * 1000,
    refreshTokenTtlMs: e.LIVEDESK_REFRESH_TOKEN_TTL_DAYS * 86_400_000,
    rateLimitPerMinute: e.LIVEDESK_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.LIVEDESK_TRUST_PROXY,
    sandboxPayments: e.LIVEDESK_SANDBOX_PAYMENTS,
    live: liveConfig(e),
    eventDedupeMs: e.LIVEDESK_EVENT_DEDUPE_DAYS * 86_400_000,
    reviews: { shareBaseUrl: e.LIVEDESK_PUBLIC_URL?.replace(/\/+$/, ''), chromiumPath: e.LIVEDESK_CHROMIUM_PATH },
  });
}

function liveConfig(e: Env): Config['live'] {
  const publicUrl = (e.LIVEDESK_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const host = new URL(publicUrl).hostname;
  return {
    publicUrl,
    rtmpPort: e.LIVEDESK_RTMP_PORT,
    rtmpUrl: (e.LIVEDESK_RTMP_URL ?? `rtmp://${host}:${e.LIVEDESK_RTMP_PORT}/live`).replace(/\/+$/, ''),
    media: e.LIVEDESK_MEDIA,
    playUrlTemplate: e.LIVEDESK_PLAY_URL_TEMPLATE,
    mediaHookSecret: e.LIVEDESK_MEDIA_HOOK_SECRET,
    unpublishGraceMs: e.LIVEDESK_UNPUBLISH_GRACE_SECONDS * 1000,
  };
}

/** For the README table and `--help`: every variable with its default. */
export const configVariables = Object.keys(EnvSchema.shape);
