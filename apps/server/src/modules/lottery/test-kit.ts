/**
 * The draw recomputed as an outsider would, from docs/lottery.md alone and apart from draw.ts: Web
 * Crypto for the HMAC, a hand-written UTF-8 comparison, the rejection bound written as 2³² − 2³² mod n.
 */
export async function recomputeWinners(seedHex: string, identities: string[], winnerCount: number): Promise<string[]> {
  const utf8 = new TextEncoder();
  const byUtf8 = (x: string, y: string) => {
    const a = utf8.encode(x);
    const b = utf8.encode(y);
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  const list = Array.from(new Set(identities)).sort(byUtf8);
  const seed = new Uint8Array(seedHex.match(/../g)!.map((h) => parseInt(h, 16)));
  const key = await crypto.subtle.importKey('raw', seed, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const words: number[] = [];
  let blockNo = 0;
  const nextWord = async () => {
    if (words.length === 0) {
      const message = new Uint8Array(4);
      new DataView(message.buffer).setUint32(0, blockNo++, false);
      const mac = new DataView(await crypto.subtle.sign('HMAC', key, message));
      for (let at = 0; at < 32; at += 4) words.push(mac.getUint32(at, false));
    }
    return words.shift()!;
  };
  const uniform = async (n: number) => {
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = await nextWord();
      if (x < limit) return x % n;
    }
  };
  const winners: string[] = [];
  for (let i = 0; i < Math.min(winnerCount, list.length); i++) {
    const j = i + (await uniform(list.length - i));
    [list[i], list[j]] = [list[j]!, list[i]!];
    winners.push(list[i]!);
  }
  return winners;
}
