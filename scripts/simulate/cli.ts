// `npm run simulate -- --session <id> ...`: plays a live show against a running LiveDesk server, with a
// progress bar on stderr and a summary on stdout (JSON with --json).
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { simulateShow, type SimulationSummary } from './simulate.js';

const usage = `Plays a live show against a running LiveDesk server: viewers arrive, watch, comment, like,
follow, share, look at products and buy them (real orders, sandbox payments), and leave.

  npm run simulate -- --session <live session id> [options]

  --viewers N        distinct viewers over the show (100)
  --minutes M        length of the show (10)
  --speed X          show time per real time: 60 plays an hour in a minute (1)
  --url URL          the server (http://localhost:3000)
  --email, --password  a staff member who may run shows and create API keys
                     (default: LIVEDESK_ADMIN_EMAIL, LIVEDESK_ADMIN_PASSWORD)
  --seed S           the same seed plays the same show (random, and printed)
  --track http|socket  product events by the SDK over POST /api/v1/events (http), or as the viewer
                     page sends them, on the room socket (socket)
  --end              end the show when its time is up
  --json             the summary as JSON

A scheduled show is started first. Ctrl-C stops early: every viewer leaves, and the summary is printed.`;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
};

function number(value: string | undefined, fallback: number, name: string, check: (n: number) => boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  return check(n) ? n : fail(`--${name} ${value} is not valid`);
}

const clock = (ms: number) => {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
};
const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || 'none';

function describe(s: SimulationSummary): string {
  return [
    `Show ${s.sessionId}: ${s.showMinutes} min at ${s.speed}× in ${s.realSeconds} s, seed ${s.seed}${s.interrupted ? ' (stopped early)' : ''}`,
    `  viewers    ${s.viewers} (${s.visits} visits, ${s.reentries} came back), peak online ${s.peakOnline}`,
    `  room       ${s.comments} comments, ${s.likes} likes, ${s.follows} follows, ${s.shares} shares`,
    `  products   ${s.productEvents.exposures} exposures, ${s.productEvents.clicks} clicks, ${s.productEvents.cartAdds} cart adds`,
    `  orders     ${s.orders.placed} placed, ${s.orders.paid} paid, ${s.orders.paymentFailed} payments failed, ${s.orders.unpaid} left unpaid`,
    `  GMV        ${yuan(s.gmvFen)} (server: ${s.server.paidOrders} paid orders, ${yuan(s.server.gmvFen)}, ${s.server.buyers} buyers)`,
    `  refused    ${counts(s.orders.refused)}`,
    `  room said  ${counts(s.roomErrors)}`,
    `  failures   ${counts(s.failures)}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      session: { type: 'string' },
      viewers: { type: 'string' },
      minutes: { type: 'string' },
      speed: { type: 'string' },
      url: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      seed: { type: 'string' },
      track: { type: 'string' },
      end: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const sessionId = values.session ?? fail('--session is required');
  const minutes = number(values.minutes, 10, 'minutes', (n) => n > 0);
  const email = values.email ?? process.env.LIVEDESK_ADMIN_EMAIL ?? 'admin@livedesk.local';
  const password = values.password ?? process.env.LIVEDESK_ADMIN_PASSWORD ?? fail('--password (or LIVEDESK_ADMIN_PASSWORD) is required');
  const track = values.track ?? 'http';
  if (track !== 'http' && track !== 'socket') return fail(`--track ${track}: http or socket`);

  const abort = new AbortController();
  process.on('SIGINT', () => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping: every viewer leaves the room (Ctrl-C again to quit at once)…\n');
    abort.abort();
  });

  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: ' {bar} {shown}/{length} | online {online} | comments {comments} | orders {orders} ({paid} paid) | GMV {gmv}',
      barsize: 28,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const showMs = minutes * 60_000;
  bar.start(showMs, 0, { shown: clock(0), length: clock(showMs), online: 0, comments: 0, orders: 0, paid: 0, gmv: yuan(0) });
  let summary: SimulationSummary;
  try {
    summary = await simulateShow({
      url: values.url ?? 'http://localhost:3000',
      sessionId,
      viewers: number(values.viewers, 100, 'viewers', (n) => Number.isInteger(n) && n > 0),
      minutes,
      speed: number(values.speed, 1, 'speed', (n) => n > 0),
      email,
      password,
      seed: number(values.seed, Math.floor(Math.random() * 2 ** 31), 'seed', Number.isInteger),
      track,
      end: values.end ?? false,
      signal: abort.signal,
      onProgress: (p) =>
        bar.update(p.showElapsedMs, { shown: clock(p.showElapsedMs), online: p.online, comments: p.comments, orders: p.orders, paid: p.paidOrders, gmv: yuan(p.gmvFen) }),
    });
  } finally {
    bar.stop();
  }
  process.stdout.write(`${values.json ? JSON.stringify(summary, null, 2) : describe(summary)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`simulate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
