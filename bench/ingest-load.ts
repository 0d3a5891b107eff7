// The load side of the ingestion benchmark, in its own process (forked by ingest.ts): sends
// `POST /api/v1/events` with 1,000-event batches from `concurrency` connections for a fixed time.
// Batches are built fresh (new ids, current ts) so the server does the whole job, dedupe included. Ids are
// UUIDv7, as the SDK makes them.
import { v7 as uuidv7 } from 'uuid';
import { Agent, request } from 'undici';

export interface IngestPlan {
  baseUrl: string;
  key: string;
  liveSessionId: string;
  productIds: string[];
  batchSize: number;
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  /** identities the events are spread over (viewers of the show) */
  identities: number;
}

export interface IngestLoadResult {
  seconds: number;
  batches: number;
  events: number;
  eventsPerSecond: number;
  /** request latency of a batch, ms */
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** CPU the load process used, in cores */
  loadCpuCores: number;
}

export type IngestLoadMessage =
  | { kind: 'measuring' }
  | { kind: 'result'; result: IngestLoadResult }
  | { kind: 'failed'; error: string };

const send = (message: IngestLoadMessage) => process.send?.(message);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A show's event mix: mostly likes and product views, some presence and chat. */
function batch(plan: IngestPlan, n: number): string {
  const ts = Date.now();
  const events: unknown[] = [];
  for (let i = 0; i < plan.batchSize; i++) {
    const viewer = `bench-viewer-${(n * 7919 + i * 104729) % plan.identities}`;
    const roll = i % 20;
    const base = { id: uuidv7(), ts, liveSessionId: plan.liveSessionId, anonymousId: viewer };
    const productId = plan.productIds[i % plan.productIds.length]!;
    if (roll < 2) events.push({ ...base, type: 'room.enter' });
    else if (roll < 3) events.push({ ...base, type: 'room.leave' });
    else if (roll < 9) events.push({ ...base, type: 'like', props: { count: 3 } });
    else if (roll < 10) events.push({ ...base, type: 'comment', props: { text: '主播这件有M码吗' } });
    else if (roll < 15) events.push({ ...base, type: 'product.exposure', props: { productId } });
    else if (roll < 18) events.push({ ...base, type: 'product.click', props: { productId } });
    else events.push({ ...base, type: 'cart.add', props: { productId, skuId: `sku-${productId}`, quantity: 1 } });
  }
  return JSON.stringify({ events });
}

async function run(plan: IngestPlan): Promise<IngestLoadResult> {
  const dispatcher = new Agent({ connections: plan.concurrency, pipelining: 1 });
  const url = `${plan.baseUrl}/api/v1/events`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${plan.key}` };
  let measuring = false;
  let stopping = false;
  let batches = 0;
  let errors = 0;
  const latencies: number[] = [];
  let n = 0;
  const worker = async () => {
    while (!stopping) {
      const body = batch(plan, n++);
      const started = performance.now();
      try {
        const res = await request(url, { method: 'POST', headers, body, dispatcher });
        const text = await res.body.text();
        if (res.statusCode !== 202 || !text.includes('"accepted":' + plan.batchSize)) errors += measuring ? 1 : 0;
      } catch {
        if (measuring) errors++;
      }
      if (measuring) {
        batches++;
        latencies.push(performance.now() - started);
      }
    }
  };
  const workers = Array.from({ length: plan.concurrency }, worker);
  await new Promise((r) => setTimeout(r, plan.warmupSeconds * 1000));
  measuring = true;
  send({ kind: 'measuring' });
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  await new Promise((r) => setTimeout(r, plan.seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  stopping = true;
  await Promise.all(workers);
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  return {
    seconds: Math.round(elapsed * 10) / 10,
    batches,
    events: batches * plan.batchSize,
    eventsPerSecond: Math.round((batches * plan.batchSize) / elapsed),
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
    errors,
    loadCpuCores: Math.round(((cpu.user + cpu.system) / 1e6 / elapsed) * 100) / 100,
  };
}

process.once('message', (plan: IngestPlan) => {
  run(plan).then(
    (result) => {
      send({ kind: 'result', result });
      process.exit(0);
    },
    (err: unknown) => {
      send({ kind: 'failed', error: String((err as Error)?.stack ?? err) });
      process.exit(1);
    },
  );
});
