import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNatsBus } from '../bus/nats.js';
import type { Bus } from '../bus/port.js';
import { deleteNatsStream, natsUrl, uniqueStreamPrefix } from '../testing/bus.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/db.js';
import { processOnce } from './consumer.js';
import { enqueue } from './outbox.js';
import { createFileSinkBus } from './testing/file-sink-bus.js';
import type { RelayChildConfig } from './testing/relay-child.js';

const TOTAL = 2_000;
// Mid-batch (batches of 50), so the kill most likely lands between publishing rows and marking them.
const KILL_AFTER = 75;
const TOPIC = 'crash';
const childEntry = fileURLToPath(new URL('./testing/relay-child.ts', import.meta.url));

/**
 * Where the children publish. The file always: it keeps every duplicate, so consumer dedupe is really
 * exercised. NATS too in cluster runs: the real path, where JetStream's id dedupe absorbs the repeats.
 */
type SinkKind = RelayChildConfig['sink']['kind'];
const sinkKinds: SinkKind[] = natsUrl ? ['file', 'nats'] : ['file'];

interface Sink {
  config: RelayChildConfig['sink'];
  /** The parent's view of the same sink. */
  reader: Bus;
  dispose(): Promise<void>;
}

async function createSink(kind: SinkKind, dir: string): Promise<Sink> {
  if (kind === 'nats' && natsUrl) {
    const url = natsUrl;
    const streamPrefix = uniqueStreamPrefix();
    const reader = await createNatsBus({ servers: url, streamPrefix });
    return {
      config: { kind, url, streamPrefix },
      reader,
      dispose: async () => {
        await reader.close();
        await deleteNatsStream(url, streamPrefix);
      },
    };
  }
  const path = join(dir, 'sink.jsonl');
  return { config: { kind: 'file', path }, reader: createFileSinkBus(path), dispose: async () => {} };
}

const children: ChildProcess[] = [];

function startRelayChild(config: RelayChildConfig) {
  const child = spawn(process.execPath, ['--import', 'tsx', childEntry], {
    cwd: join(childEntry, '..'),
    env: { ...process.env, RELAY_CHILD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal, stderr }));
  return { child, exited };
}

const combinations = testDialects.flatMap((dialect) => sinkKinds.map((sinkKind) => ({ dialect, sinkKind })));

describe.each(combinations)('outbox relay killed by SIGKILL ($dialect, $sinkKind sink)', (combination) => {
  const { dialect, sinkKind } = combination;
  let testDb: TestDatabase;
  let dir: string;
  let sink: Sink;

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    dir = await mkdtemp(join(tmpdir(), 'livedesk-relay-crash-'));
    sink = await createSink(sinkKind, dir);
  });

  afterEach(async () => {
    // A failed assertion must not leave a relay running into the next test.
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await sink.dispose();
    await testDb.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes every committed event at least once, and consumers count each exactly once', async () => {
    const committed = await testDb.db.kysely.transaction().execute(async (tx) => {
      const ids: string[] = [];
      for (let n = 0; n < TOTAL; n++) {
        ids.push(await enqueue(tx, { topic: TOPIC, type: 'test.counted', orgId: null, payload: { n } }));
      }
      return ids;
    });
    const childConfig = (holderId: string, publishDelayMs: number): RelayChildConfig => ({
      db: testDb.location,
      sink: sink.config,
      holderId,
      batchSize: 50,
      leaseMs: 1_000,
      publishDelayMs,
    });
    const published = async (limit = TOTAL * 2) => sink.reader.read(TOPIC, 1, limit);

    const first = startRelayChild(childConfig('first', 1));
    let earlyExit: Awaited<typeof first.exited> | null = null;
    void first.exited.then((outcome) => (earlyExit = outcome));
    while ((await published(KILL_AFTER)).length < KILL_AFTER && !earlyExit) await sleep(10);
    expect(earlyExit, 'the first relay exited before it could be killed').toBeNull();
    process.kill(first.child.pid as number, 'SIGKILL');
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });

    const publishedBeforeKill = (await published()).length;
    expect(publishedBeforeKill).toBeGreaterThan(0);
    expect(publishedBeforeKill).toBeLessThan(TOTAL);

    // The killed relay never released its lease: the second one must wait for it to expire.
    const second = startRelayChild(childConfig('second', 0));
    const outcome = await second.exited;
    expect(outcome, outcome.stderr).toMatchObject({ code: 0 });

    const messages = await published();
    // Comparing first sightings with the commit order checks completeness and order through the crash.
    const firstSeen = [...new Set(messages.map((m) => m.id))];
    expect(firstSeen).toEqual(committed);
    const duplicates = messages.length - TOTAL;
    console.log(
      `${dialect}/${sinkKind}: ${publishedBeforeKill} published before the kill, ${duplicates} duplicates`,
    );

    let counted = 0;
    let skipped = 0;
    for (const message of messages) {
      const fresh = await processOnce(testDb.db, 'crash-counter', message.id, async () => void counted++);
      if (!fresh) skipped++;
    }
    expect(counted).toBe(TOTAL);
    expect(skipped).toBe(duplicates);
  }, 60_000);
});
