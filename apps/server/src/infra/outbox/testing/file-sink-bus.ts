import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Bus, BusEvent, BusMessage } from '../../bus/port.js';

/**
 * A Bus that appends each publish as a JSON line to a file, with no dedupe: it stands in for an
 * at-least-once transport in the relay crash test, where the publisher is a process that gets killed and
 * the test reads what it managed to send. Each line is one write(2), so a kill never leaves half a line.
 */
export function createFileSinkBus(path: string): Bus {
  const readAll = (): BusMessage[] => {
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line, index) => {
        const message = JSON.parse(line) as BusEvent & { topic: string };
        return { ...message, seq: index + 1, redelivered: false };
      });
  };

  // Only one relay appends at a time (the lease), so counting once and then locally keeps seq right.
  let lineCount = readAll().length;

  return {
    async publish(topic, { id, type, orgId, at, payload }) {
      appendFileSync(path, `${JSON.stringify({ topic, id, type, orgId, at, payload })}\n`);
      return { seq: ++lineCount, duplicate: false };
    },
    async consume() {
      throw new Error('the file sink only records publishes; read() it instead');
    },
    async read(topic, fromSeq, limit) {
      return readAll()
        .filter((message) => message.topic === topic && message.seq >= fromSeq)
        .slice(0, limit);
    },
    async close() {},
  };
}
