// The load side of the room-gateway benchmark, in its own process (forked by room-gateway.ts): N viewers
// on real WebSockets, comments and likes at fixed rates, and delivery latency measured on a sample of
// viewers. Sender and receivers share this process's clock, so a comment's text carries its send time.
import WebSocket from 'ws';

export interface LoadPlan {
  roomUrl: string;
  viewers: number;
  commentsPerSecond: number;
  likesPerSecond: number;
  /** taps per `like` frame, as the viewer page batches them */
  likesPerFrame: number;
  sampleViewers: number;
  warmupSeconds: number;
  seconds: number;
}

export type LoadMessage =
  | { kind: 'progress'; text: string }
  | { kind: 'measuring' }
  | { kind: 'result'; result: LoadResult }
  | { kind: 'failed'; error: string };

export interface LoadResult {
  viewers: number;
  /** length of the measurement */
  seconds: number;
  joinSeconds: number;
  commentsSent: number;
  likesSent: number;
  /** latencies of comments seen by the sample viewers, ms */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** comments the sample received / comments sent × sample size */
  delivered: number;
  /** error frames any viewer received (a healthy run has none) */
  errors: number;
  closedEarly: number;
  /** CPU the load process used, in cores, during the measurement */
  loadCpuCores: number;
}

const send = (message: LoadMessage) => process.send?.(message);
const now = () => performance.timeOrigin + performance.now();

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const sockets: WebSocket[] = [];
  let errors = 0;
  let closedEarly = 0;
  let measuring = false;
  let stopping = false;
  const latencies: number[] = [];
  let sampleReceived = 0;

  const sampleEvery = Math.max(1, Math.floor(plan.viewers / plan.sampleViewers));
  const joinStarted = now();
  const connect = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(plan.roomUrl, { perMessageDeflate: false, skipUTF8Validation: true });
      const sampled = i % sampleEvery === 0;
      let welcomed = false;
      socket.on('open', () => socket.send(JSON.stringify({ t: 'join', anonymousId: `bench-viewer-${i.toString().padStart(6, '0')}` })));
      socket.on('message', (data: Buffer) => {
        if (!welcomed) {
          welcomed = true;
          resolve();
        }
        // Only the sample parses what it gets; the others are there to be sent to. A socket's own frames
        // (an error answering its comment) come last in a message, so only the tail is searched.
        if (!sampled) {
          if (data.includes('"t":"error"', Math.max(0, data.length - 512))) errors++;
          return;
        }
        const at = now();
        for (const frame of JSON.parse(data.toString()) as { t: string; message?: { text: string } }[]) {
          if (frame.t === 'error') errors++;
          if (frame.t !== 'chat') continue;
          const [, sentAt, phase] = frame.message!.text.split(':');
          if (phase !== 'm') continue;
          latencies.push(at - Number(sentAt));
          sampleReceived++;
        }
      });
      socket.on('close', () => {
        if (!stopping) closedEarly++;
        if (!welcomed) reject(new Error(`viewer ${i} closed before its welcome`));
      });
      socket.on('error', () => undefined);
      sockets.push(socket);
    });

  const joinBatch = 250;
  for (let start = 0; start < plan.viewers; start += joinBatch) {
    await Promise.all(Array.from({ length: Math.min(joinBatch, plan.viewers - start) }, (_, k) => connect(start + k)));
    if ((start / joinBatch) % 8 === 7) send({ kind: 'progress', text: `${start + joinBatch} viewers joined` });
  }
  const joinSeconds = (now() - joinStarted) / 1000;

  // Comments and likes at fixed rates, spread round-robin over all viewers so no one exceeds its flood limit.
  let commentsSent = 0;
  let likesSent = 0;
  let next = 0;
  const pick = () => sockets[next++ % sockets.length]!;
  // Paced by elapsed time, not by tick count: timers drift late under load, and the rate must not.
  const sendingFrom = now();
  let comments = 0;
  let likeFrames = 0;
  const ticker = setInterval(() => {
    const elapsed = (now() - sendingFrom) / 1000;
    const commentDebt = Math.floor(plan.commentsPerSecond * elapsed) - comments;
    const likeDebt = Math.floor((plan.likesPerSecond / plan.likesPerFrame) * elapsed) - likeFrames;
    comments += commentDebt;
    likeFrames += likeDebt;
    for (let k = 0; k < commentDebt; k++) {
      const socket = pick();
      if (socket.readyState !== WebSocket.OPEN) continue;
      // `m`: sent while measuring; warm-up comments (`w`) are not counted when they arrive.
      socket.send(`{"t":"chat","text":"b:${now().toFixed(2)}:${measuring ? 'm' : 'w'}"}`);
      if (measuring) commentsSent++;
    }
    for (let k = 0; k < likeDebt; k++) {
      const socket = pick();
      if (socket.readyState !== WebSocket.OPEN) continue;
      socket.send(`{"t":"like","count":${plan.likesPerFrame}}`);
      if (measuring) likesSent += plan.likesPerFrame;
    }
  }, 20);

  await new Promise((r) => setTimeout(r, plan.warmupSeconds * 1000));
  measuring = true;
  send({ kind: 'measuring' });
  const cpuBefore = process.cpuUsage();
  await new Promise((r) => setTimeout(r, plan.seconds * 1000));
  clearInterval(ticker);
  const cpu = process.cpuUsage(cpuBefore);
  // Comments still in flight when sending stops get time to arrive (ten times the latency goal).
  await new Promise((r) => setTimeout(r, 3_000));
  stopping = true;
  for (const socket of sockets) socket.terminate();

  latencies.sort((a, b) => a - b);
  const sampleSize = Math.ceil(plan.viewers / sampleEvery);
  return {
    viewers: plan.viewers,
    seconds: plan.seconds,
    joinSeconds: Math.round(joinSeconds * 10) / 10,
    commentsSent,
    likesSent,
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
    maxMs: Math.round(latencies.at(-1) ?? 0),
    delivered: commentsSent ? Math.round((sampleReceived / (commentsSent * sampleSize)) * 1000) / 1000 : 0,
    errors,
    closedEarly,
    loadCpuCores: Math.round(((cpu.user + cpu.system) / 1e6 / plan.seconds) * 100) / 100,
  };
}

process.once('message', (plan: LoadPlan) => {
  run(plan).then(
    (result) => {
      send({ kind: 'result', result });
      process.disconnect?.();
    },
    (err: unknown) => {
      send({ kind: 'failed', error: String(err) });
      process.disconnect?.();
    },
  );
});
