import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { LoadMessage, LoadPlan, LoadResult } from './room-load.js';
import { api, startBenchServer, type BenchServer } from './server.js';

export interface RoomGatewayResult extends LoadResult {
  /** the server's resident memory at the end of the measurement, MiB */
  serverRssMiB: number;
  /** CPU the server used during the measurement, in cores */
  serverCpuCores: number;
  /** the server's event-loop delay, p99 (prom-client's monitor), ms */
  serverLoopLagP99Ms: number;
  /** the machine's 1-minute load average when the step ended: other work competing for the two cores */
  loadAverage: number;
}

const P99_GOAL_MS = 300;

/**
 * The server's unlabelled Prometheus values by name. One scrape per reading: each scrape restarts the
 * event-loop delay histogram, so the end-of-run scrape covers the measurement since the start scrape.
 */
async function scrape(server: BenchServer): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  return new Map(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#') && !l.includes('{'))
      .map((l) => [l.split(' ')[0]!, Number(l.split(' ')[1])] as const),
  );
}

/** The load process: its own Node process, so the server's event loop and the clients' never share a thread. */
function runLoad(plan: LoadPlan, onMeasuring: () => void, log: (text: string) => void): Promise<LoadResult> {
  const child = fork(fileURLToPath(new URL('./room-load.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('message', (message: LoadMessage) => {
      if (message.kind === 'progress') log(message.text);
      else if (message.kind === 'measuring') onMeasuring();
      else if (message.kind === 'result') resolve(message.result);
      else reject(new Error(message.error));
    });
    child.once('exit', (code) => reject(new Error(`load process exited ${code}`)));
    child.send(plan);
  });
}

/**
 * One gateway process (the built server, embedded stores) and N viewers from a separate load process
 * over loopback, 200 comments/s and 5,000 likes/s in aggregate. Each N runs on a fresh server.
 */
export async function benchRoomGateway(
  viewers: number,
  seconds: number,
  log: (text: string) => void = () => undefined,
  start: () => Promise<BenchServer> = () => startBenchServer({}),
): Promise<RoomGatewayResult> {
  const server = await start();
  try {
    const login = await api<{ token: string }>(server.baseUrl, 'POST', '/api/v1/auth/login', { email: 'admin@livedesk.local', password: 'bench-password-1' });
    const session = await api<{ id: string }>(server.baseUrl, 'POST', '/api/v1/live-sessions', { title: '压测直播间' }, login.body.token);
    if (session.status !== 201) throw new Error(`live session: ${session.status} ${JSON.stringify(session.body)}`);
    let cpuAtStart = Number.NaN;
    let measured: Promise<void> = Promise.resolve();
    const result = await runLoad(
      {
        roomUrl: `${server.baseUrl.replace(/^http/, 'ws')}/api/v1/live-sessions/${session.body.id}/room`,
        viewers,
        commentsPerSecond: 200,
        likesPerSecond: 5_000,
        likesPerFrame: 10,
        sampleViewers: 100,
        warmupSeconds: 3,
        seconds,
      },
      () => {
        measured = scrape(server).then((m) => void (cpuAtStart = m.get('process_cpu_seconds_total') ?? Number.NaN));
      },
      log,
    );
    await measured;
    const end = await scrape(server);
    const cpuAtEnd = end.get('process_cpu_seconds_total') ?? Number.NaN;
    const rss = end.get('process_resident_memory_bytes') ?? Number.NaN;
    const lag = end.get('nodejs_eventloop_lag_p99_seconds') ?? Number.NaN;
    return {
      ...result,
      serverRssMiB: Math.round(rss / 2 ** 20),
      // The load's draining seconds are inside this window too: the figure is a little low.
      serverCpuCores: Math.round(((cpuAtEnd - cpuAtStart) / (seconds + 3)) * 100) / 100,
      serverLoopLagP99Ms: Math.round(lag * 1000),
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    };
  } finally {
    await server.stop();
  }
}

/** Steps N up until p99 goes over the goal; returns every step run. */
export async function benchRoomGatewaySteps(steps: number[], seconds: number, start?: () => Promise<BenchServer>): Promise<RoomGatewayResult[]> {
  const results: RoomGatewayResult[] = [];
  for (const viewers of steps) {
    console.log(`  ${viewers} viewers…`);
    const result = await benchRoomGateway(viewers, seconds, (text) => console.log(`    ${text}`), start);
    console.log(`    p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, delivered ${result.delivered}, RSS ${result.serverRssMiB} MiB`);
    results.push(result);
    if (result.p99Ms > P99_GOAL_MS || result.closedEarly > 0) break;
  }
  return results;
}

export function printRoomGatewayTable(results: RoomGatewayResult[]): void {
  const passing = results.filter((r) => r.p99Ms <= P99_GOAL_MS && r.closedEarly === 0 && r.errors === 0);
  console.log(
    '\n| viewers | comments/s in | likes/s in | p50 ms | p99 ms | max ms | delivered | server RSS MiB | server CPU (cores) | server loop lag p99 ms | load CPU (cores) | join s | errors | machine load avg |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.viewers} | ${Math.round(r.commentsSent / r.seconds)} | ${Math.round(r.likesSent / r.seconds)} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.delivered} | ${r.serverRssMiB} | ${r.serverCpuCores} | ${r.serverLoopLagP99Ms} | ${r.loadCpuCores} | ${r.joinSeconds} | ${r.errors + r.closedEarly} | ${r.loadAverage} |`,
    );
  }
  const best = passing.at(-1);
  console.log(
    `\nLargest N with p99 ≤ ${P99_GOAL_MS} ms: ${best ? best.viewers : 'none'}. ` +
      'Load process and server share the machine\'s two cores (one server process, one load process, loopback).',
  );
}
