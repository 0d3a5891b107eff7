/**
 * UUIDv7 (RFC 9562 §5.7): 48 bits of Unix time in ms, version 7, 12 bits `rand_a`, variant 10, 62 random
 * bits. `rand_a` is used as a counter (RFC 9562 §6.2, method 1), so ids made by one generator sort in the
 * order they were made even within one millisecond or when the clock steps back; the server's dedupe
 * index then grows at its end.
 */
export function uuidv7Generator(now: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0;
  const bytes = new Uint8Array(16);
  return () => {
    crypto.getRandomValues(bytes);
    let ms = now();
    if (ms > lastMs) {
      // A fresh counter starts in the lower half, leaving room to count up within the millisecond.
      counter = ((bytes[6]! & 0x07) << 8) | bytes[7]!;
    } else {
      ms = lastMs;
      counter += 1;
      if (counter > 0xfff) {
        // 4096 ids in one millisecond: borrow the next millisecond rather than break the order.
        ms += 1;
        counter = 0;
      }
    }
    lastMs = ms;
    // 48-bit time, big-endian; `/ 2 ** 8` rather than `>>` because shifts truncate to 32 bits.
    let t = ms;
    for (let i = 5; i >= 0; i--) {
      bytes[i] = t % 256;
      t = Math.floor(t / 256);
    }
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    let hex = '';
    for (const b of bytes) hex += b.toString(16).padStart(2, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

export const uuidv7 = uuidv7Generator();
