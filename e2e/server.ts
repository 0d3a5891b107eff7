import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function withoutClusterUrls(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, NATS_URL: _nats, ...rest } = env;
  return rest;
}

export interface RunningServer {
  baseUrl: string;
  /** what the server printed at first start (the owner's credentials among it) */
  output: () => string;
  owner: { email: string; password: string };
  dataDir: string;
  stop(): Promise<void>;
  /** `kill -9`: the process gets no chance to flush or checkpoint; the data dir is kept for a restart */
  kill(): Promise<void>;
}

/**
 * Starts the built server (`npm run build` first) as a user would, on a free port and an empty data dir,
 * and reads the owner's credentials from what it prints.
 */
export async function startServer(env: Record<string, string> = {}, reuse?: { dataDir: string; owner: RunningServer['owner'] }): Promise<RunningServer> {
  const dataDir = reuse?.dataDir ?? (await mkdtemp(join(tmpdir(), 'livedesk-e2e-')));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [join(root, 'apps/server/dist/main.js')], {
    cwd: root,
    // Cluster URLs only when a test asks for them: the smoke test must run on embedded stores.
    env: { ...withoutClusterUrls(process.env), PORT: '0', HOST: '127.0.0.1', LIVEDESK_DATA_DIR: dataDir, LIVEDESK_LOG_LEVEL: 'warn', LIVEDESK_RTMP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    const poll = setInterval(() => {
      const match = /LiveDesk console: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]);
      }
    }, 50);
  });
  const owner = reuse?.owner ?? { email: /email:\s+(\S+)/.exec(output)?.[1] ?? '', password: /password:\s+(\S+)/.exec(output)?.[1] ?? '' };
  return {
    baseUrl,
    output: () => output,
    owner,
    dataDir,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
