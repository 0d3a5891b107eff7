import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface BenchServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** The built server in its own process, as in production; the load comes from this process. */
export async function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'livedesk-bench-'));
  let output = '';
  // Cluster URLs reach the server only through `env`: an embedded row must really be embedded.
  const { DATABASE_URL: _db, REDIS_URL: _redis, NATS_URL: _nats, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), join(root, 'apps/server/dist/main.js')], {
    cwd: root,
    env: {
      ...inherited,
      PORT: '0',
      HOST: '127.0.0.1',
      LIVEDESK_DATA_DIR: dataDir,
      LIVEDESK_LOG_LEVEL: 'warn',
      LIVEDESK_ADMIN_PASSWORD: 'bench-password-1',
      LIVEDESK_RATE_LIMIT_PER_MINUTE: '100000000',
      // a bench server may run beside another LiveDesk on this machine
      LIVEDESK_RTMP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`server exited ${code}:\n${output}`)));
    const poll = setInterval(() => {
      const match = /LiveDesk console: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    }, 50);
  });
  return {
    baseUrl,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function api<T>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
