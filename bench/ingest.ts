import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { MetricsServerFrame } from '@livedesk/contracts';
import type { IngestLoadMessage, IngestLoadResult, IngestPlan } from './ingest-load.js';
import { api, percentile, startBenchServer, type BenchServer } from './server.js';

export interface IngestBenchResult extends IngestLoadResult {
  concurrency: number;
  /** event → big screen: a probe event's POST until a pushed tick counts it, ms */
  screenP50Ms: number;
  screenP99Ms: number;
  probes: number;
  probesSeen: number;
  serverRssMiB: number;
  serverCpuCores: number;
  loadAverage: number;
}

async function scrape(server: BenchServer): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  return new Map(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#') && !l.includes('{'))
      .map((l) => [l.split(' ')[0]!, Number(l.split(' ')[1])] as const),
  );
}

function runLoad(plan: IngestPlan, onMeasuring: () => void): Promise<IngestLoadResult> {
  const child = fork(fileURLToPath(new URL('./ingest-load.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('message', (message: IngestLoadMessage) => {
      if (message.kind === 'measuring') onMeasuring();
      else if (message.kind === 'result') resolve(message.result);
      else reject(new Error(message.error));
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`load process exited ${code}`)));
    child.send(plan);
  });
}

/**
 * What a big screen sees under load: probe `share` events (the load sends none) posted one by one in
 * their own tiny batches while the load process pushes 1,000-event batches; a probe has reached the
 * screen when a `metrics.tick` on the console socket counts it in `shares`. The time from its POST to
 * that tick is the event → screen latency.
 */
async function probeScreen(server: BenchServer, token: string, key: string, liveSessionId: string) {
  const ws = new WebSocket(`${server.baseUrl.replace(/^http/, 'ws')}/api/v1/ws?token=${encodeURIComponent(token)}`);
  const sentAt: number[] = [];
  const latencies: number[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as MetricsServerFrame | { type: 'ready' };
    // The socket takes frames once it says it is ready.
    if (frame.type === 'ready') ws.send(JSON.stringify({ type: 'metrics.subscribe', liveSessionId }));
    if (frame.type !== 'metrics.tick') return;
    const arrived = performance.now();
    const shares = frame.tick.metrics.shares ?? 0;
    for (let i = latencies.length; i < Math.min(shares, sentAt.length); i++) latencies.push(arrived - sentAt[i]!);
  });
  // Listening before `open`: the server's `ready` may come in the same packet as the handshake.
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let running = true;
  let measuring = false;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 100));
      if (!measuring) continue;
      sentAt.push(performance.now());
      await api(server.baseUrl, 'POST', '/api/v1/events', {
        events: [{ id: randomUUID(), type: 'share', ts: Date.now(), liveSessionId, anonymousId: 'bench-probe-device' }],
      }, key);
    }
  })();
  return {
    start: () => void (measuring = true),
    async stop() {
      measuring = false;
      running = false;
      await loop;
      // Probes still in flight get two seconds to arrive; the ones that never do count as unseen.
      await new Promise((r) => setTimeout(r, 2000));
      ws.close();
      const sorted = [...latencies].sort((a, b) => a - b);
      return { probes: sentAt.length, probesSeen: latencies.length, p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)) };
    },
  };
}

/** Sustained ingestion into one built server (embedded stores) from a separate load process. */
export async function benchIngestion(concurrency: number, seconds: number): Promise<IngestBenchResult> {
  const server = await startBenchServer({});
  try {
    const login = await api<{ token: string }>(server.baseUrl, 'POST', '/api/v1/auth/login', { email: 'admin@livedesk.local', password: 'bench-password-1' });
    const token = login.body.token;
    const key = await api<{ key: string }>(server.baseUrl, 'POST', '/api/v1/api-keys', { name: 'bench', scopes: ['events:ingest'] }, token);
    const productIds: string[] = [];
    for (const n of [1, 2, 3]) {
      const product = await api<{ id: string }>(server.baseUrl, 'POST', '/api/v1/products', { title: `压测商品 ${n}`, skus: [{ skuCode: `BENCH-${n}`, priceFen: 9900, stock: 1000 }] }, token);
      productIds.push(product.body.id);
    }
    const session = await api<{ id: string }>(server.baseUrl, 'POST', '/api/v1/live-sessions', { title: '埋点压测', productIds }, token);
    await api(server.baseUrl, 'POST', `/api/v1/live-sessions/${session.body.id}/start`, undefined, token);
    const probe = await probeScreen(server, token, key.body.key, session.body.id);
    let cpuAtStart = Number.NaN;
    let measured: Promise<void> = Promise.resolve();
    const result = await runLoad(
      { baseUrl: server.baseUrl, key: key.body.key, liveSessionId: session.body.id, productIds, batchSize: 1000, concurrency, warmupSeconds: 3, seconds, identities: 10_000 },
      () => {
        probe.start();
        measured = scrape(server).then((m) => void (cpuAtStart = m.get('process_cpu_seconds_total') ?? Number.NaN));
      },
    );
    await measured;
    const end = await scrape(server);
    const screen = await probe.stop();
    return {
      ...result,
      concurrency,
      screenP50Ms: screen.p50,
      screenP99Ms: screen.p99,
      probes: screen.probes,
      probesSeen: screen.probesSeen,
      serverRssMiB: Math.round((end.get('process_resident_memory_bytes') ?? Number.NaN) / 2 ** 20),
      serverCpuCores: Math.round((((end.get('process_cpu_seconds_total') ?? Number.NaN) - cpuAtStart) / result.seconds) * 100) / 100,
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    };
  } finally {
    await server.stop();
  }
}

export function printIngestionTable(results: IngestBenchResult[]): void {
  console.log('\n| connections | events/s | batch p50 ms | batch p99 ms | event → screen p50 ms | event → screen p99 ms | probes seen | server CPU (cores) | server RSS MiB | load CPU (cores) | errors | load avg |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.concurrency} | ${r.eventsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.screenP50Ms} | ${r.screenP99Ms} | ${r.probesSeen}/${r.probes} | ${r.serverCpuCores} | ${r.serverRssMiB} | ${r.loadCpuCores} | ${r.errors} | ${r.loadAverage} |`,
    );
  }
}
