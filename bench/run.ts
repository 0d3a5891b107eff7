// `npm run bench`: runs every benchmark against the built server (`npm run build` first) and prints the
// table that BENCHMARKS.md records. PostgreSQL rows run when DATABASE_URL is set.
import { cpus, totalmem } from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { benchOrderPlacement, type PlacementResult } from './order-placement.js';
import { benchRoomGatewaySteps, printRoomGatewayTable } from './room-gateway.js';
import { benchIngestion, printIngestionTable, type IngestBenchResult } from './ingest.js';
import { benchAggregatorMemory } from './aggregator-memory.js';
import { benchFunnel, benchReview } from './review.js';

async function withFreshSchema<T>(url: string, run: (schema: string) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  try {
    return await run(schema);
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
  }
}

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
/** which suites run: `BENCH_SUITES=ingest,aggregator npm run bench` runs two of them */
const suites = new Set((process.env.BENCH_SUITES ?? 'orders,room,ingest,aggregator,review,funnel').split(','));
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; ${new Date().toISOString()}`);

if (suites.has('orders')) await benchOrders();
if (suites.has('room')) {
  console.log('\nlive room gateway: N viewers from a separate load process, 200 comments/s and 5,000 likes/s in…');
  const roomSteps = (process.env.BENCH_ROOM_VIEWERS ?? '1000,2500,5000,7500,10000').split(',').map(Number);
  printRoomGatewayTable(await benchRoomGatewaySteps(roomSteps, seconds));
}
if (suites.has('ingest')) {
  console.log('\ntracking ingestion: 1,000-event batches over HTTP from a separate load process, probe comments to a subscribed console…');
  const ingest: IngestBenchResult[] = [];
  for (const connections of (process.env.BENCH_INGEST_CONNECTIONS ?? '2,4,8').split(',').map(Number)) {
    console.log(`  ${connections} connections…`);
    ingest.push(await benchIngestion(connections, seconds));
  }
  printIngestionTable(ingest);
}
if (suites.has('aggregator')) {
  console.log('\naggregator memory: one show\'s state, 12 events per viewer (two visits, likes, a comment, product views, a cart add; 1 in 20 buys)…');
  console.log('\n| viewers | events | heap MiB | bytes per viewer | checkpoint MiB |');
  console.log('|---|---|---|---|---|');
  for (const viewers of [10_000, 50_000, 100_000]) {
    const r = benchAggregatorMemory(viewers);
    console.log(`| ${r.viewers} | ${r.events} | ${r.heapMiB} | ${r.bytesPerViewer} | ${r.checkpointMiB} |`);
  }
}
if (suites.has('review')) {
  const viewers = Number(process.env.BENCH_REVIEW_VIEWERS ?? 20_000);
  console.log(`\npost-live review: a ${viewers}-viewer show (~50 events each) imported over HTTP, then GET …/review and the review page in Chromium…`);
  const r = await benchReview(viewers);
  console.log('\n| events | import + aggregation s | first review ms | review p50 ms | review max ms | numbers on screen ms | every chart drawn ms (3 loads) |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(`| ${r.events} | ${r.importSeconds} | ${r.firstReviewMs} | ${r.reviewP50Ms} | ${r.reviewMaxMs} | ${r.firstScreenMs.join(' / ')} | ${r.pageRenderMs.join(' / ')} |`);
}
if (suites.has('funnel')) {
  const events = Number(process.env.BENCH_FUNNEL_EVENTS ?? 10_000_000);
  console.log(`\nfunnel: 5 ordered steps over ${events} events in a DuckDB file…`);
  const r = await benchFunnel(events);
  console.log('\n| events | persons | load s | funnel ms (3 runs) | step counts |');
  console.log('|---|---|---|---|---|');
  console.log(`| ${r.events} | ${r.persons} | ${r.loadSeconds} | ${r.funnelMs.join(' / ')} | ${r.counts.join(' → ')} |`);
}

async function benchOrders(): Promise<void> {
  const results: PlacementResult[] = [];
  console.log('order placement, 200 concurrent buyers, one hot SKU…');
  results.push(await benchOrderPlacement('SQLite (embedded)', {}, 200, seconds));
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    results.push(await withFreshSchema(url, (schema) => benchOrderPlacement('PostgreSQL', { DATABASE_URL: url, DATABASE_SCHEMA: schema }, 200, seconds)));
    if (process.env.REDIS_URL) {
      results.push(
        await withFreshSchema(url, (schema) =>
          benchOrderPlacement('PostgreSQL + Redis', { DATABASE_URL: url, DATABASE_SCHEMA: schema, REDIS_URL: process.env.REDIS_URL! }, 200, seconds),
        ),
      );
    }
  }
  console.log('\n| store | concurrency | orders | orders/s | p50 ms | p99 ms | errors |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.store} | ${r.concurrency} | ${r.orders} | ${r.ordersPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |`);
}
