import { Agent, request } from 'undici';
import { api, percentile, startBenchServer } from './server.js';

export interface PlacementResult {
  store: string;
  concurrency: number;
  orders: number;
  seconds: number;
  ordersPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const address = { name: '张三', phone: '13812348000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };

/**
 * Order placement over HTTP: `concurrency` buyers, each placing orders back to back on ONE hot SKU (a
 * live drop), for `seconds`. Stock is ample so every order succeeds: this measures the write path, the
 * race tests prove it never oversells.
 */
export async function benchOrderPlacement(store: string, env: Record<string, string>, concurrency = 200, seconds = 20): Promise<PlacementResult> {
  const server = await startBenchServer(env);
  try {
    const login = await api<{ token: string }>(server.baseUrl, 'POST', '/api/v1/auth/login', { email: 'admin@livedesk.local', password: 'bench-password-1' });
    const product = await api<{ skus: { id: string }[] }>(server.baseUrl, 'POST', '/api/v1/products', {
      title: '爆款直播福利',
      skus: [{ skuCode: 'HOT-1', priceFen: 9900, stock: 1_000_000 }],
    }, login.body.token);
    if (product.status !== 201) throw new Error(`product: ${product.status} ${JSON.stringify(product.body)}`);
    const skuId = product.body.skus[0]!.id;
    const buyers = await Promise.all(
      Array.from({ length: concurrency }, async () => (await api<{ token: string }>(server.baseUrl, 'POST', '/api/v1/store/buyers', {})).body.token),
    );
    const dispatcher = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
    const body = JSON.stringify({ items: [{ skuId, quantity: 1 }], address });
    const latencies: number[] = [];
    let errors = 0;
    // Warm-up: JIT, prepared statements, connection pool.
    const warmUntil = performance.now() + 2_000;
    const endAt = warmUntil + seconds * 1000;
    const worker = async (token: string) => {
      for (;;) {
        const started = performance.now();
        if (started >= endAt) return;
        const res = await request(`${server.baseUrl}/api/v1/store/orders`, {
          method: 'POST',
          dispatcher,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        });
        await res.body.dump();
        const done = performance.now();
        if (started < warmUntil) continue;
        if (res.statusCode === 201) latencies.push(done - started);
        else errors++;
      }
    };
    await Promise.all(buyers.map(worker));
    await dispatcher.close();
    latencies.sort((a, b) => a - b);
    return {
      store,
      concurrency,
      orders: latencies.length,
      seconds,
      ordersPerSecond: Math.round(latencies.length / seconds),
      p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      errors,
    };
  } finally {
    await server.stop();
  }
}
