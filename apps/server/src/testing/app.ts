import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AuthResult, Role } from '@livedesk/contracts';
import { buildLiveDesk, type LiveDesk } from '../app.js';
import { loadConfig } from '../config.js';
import type { Clock } from '../lib/time.js';
import { deleteNatsStream } from '../infra/testing/bus.js';

export const OWNER_EMAIL = 'owner@test.local';
export const OWNER_PASSWORD = 'owner-password-1';

export interface TestApp {
  livedesk: LiveDesk;
  dataDir: string;
  /** what a second node needs to join this one's cluster (same stores, same secrets) */
  cluster: { dataDir: string; namespace: string; schema: string | undefined };
  request(options: {
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';
    url: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<{ status: number; body: any; headers: Record<string, unknown> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  login(email?: string, password?: string): Promise<AuthResult>;
  /** Adds a member with `role` to the owner's org and returns a signed-in session for them. */
  memberWithRole(role: Role): Promise<AuthResult>;
  close(): Promise<void>;
}

/**
 * A whole LiveDesk on the adapters the environment names: embedded by default; PostgreSQL, Redis and
 * NATS when DATABASE_URL, REDIS_URL and NATS_URL are set, each test app in its own schema, key prefix
 * and stream, so parallel test files and CI runs never collide.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { joining?: TestApp; clock?: Clock } = {},
): Promise<TestApp> {
  const unique = randomBytes(5).toString('hex');
  const joined = options.joining?.cluster;
  const dataDir = joined?.dataDir ?? (await mkdtemp(join(tmpdir(), 'livedesk-app-')));
  const namespace = joined?.namespace ?? `t${unique}`;
  const schema = joined?.schema ?? (process.env.DATABASE_URL ? `t_${unique}` : undefined);
  const config = loadConfig({
    LIVEDESK_DATA_DIR: dataDir,
    LIVEDESK_LOG_LEVEL: 'silent',
    LIVEDESK_NAMESPACE: namespace,
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL: process.env.REDIS_URL,
    NATS_URL: process.env.NATS_URL,
    // parallel test apps must not fight over RTMP port 1935
    LIVEDESK_RTMP_PORT: '0',
    // A DuckDB file is open in one place at a time: apps joining a cluster (same data dir) each keep
    // their OLAP in memory, unless a test names its own data dir to reopen it.
    ...(env.LIVEDESK_DATA_DIR ? {} : { LIVEDESK_OLAP_FILE: ':memory:' }),
    ...env,
  });
  const livedesk = await buildLiveDesk(config, options.clock ? { clock: options.clock } : {});
  await livedesk.services.identity.bootstrapOwner(OWNER_EMAIL, OWNER_PASSWORD, 'Test Shop');
  await livedesk.http.ready();

  const request: TestApp['request'] = async ({ method, url, token, body, headers = {} }) => {
    const res = await livedesk.http.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    });
    const isJson = String(res.headers['content-type'] ?? '').includes('json');
    return { status: res.statusCode, body: isJson && res.body ? JSON.parse(res.body) : res.body, headers: res.headers };
  };

  const login = async (email = OWNER_EMAIL, password = OWNER_PASSWORD) => {
    const res = await request({ method: 'POST', url: '/api/v1/auth/login', body: { email, password } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AuthResult;
  };

  let members = 0;
  const memberWithRole = async (role: Role) => {
    const owner = await login();
    const email = `${role}-${++members}@test.local`;
    const password = `${role}-password-1`;
    const res = await request({
      method: 'POST',
      url: '/api/v1/users',
      token: owner.token,
      body: { email, name: role, role, password },
    });
    if (res.status !== 201) throw new Error(`adding ${role} failed: ${JSON.stringify(res.body)}`);
    return login(email, password);
  };

  return {
    livedesk,
    dataDir,
    cluster: { dataDir, namespace, schema },
    request,
    login,
    memberWithRole,
    async close() {
      await livedesk.close();
      if (joined) return; // the first node owns the data and removes it
      await rm(dataDir, { recursive: true, force: true });
      if (schema && process.env.DATABASE_URL) {
        const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
      }
      if (process.env.NATS_URL) await deleteNatsStream(process.env.NATS_URL, namespace);
    },
  };
}
