import { backoffDelay } from '@livedesk/sdk';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** the error body's code (`insufficient_stock`, `conflict`, ...), or `network` */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const RETRIES = 5;
const retryBackoff = { baseMs: 250, maxMs: 10_000 };

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * JSON over HTTP to one LiveDesk server, as a phone or the console would call it. A crowd from one
 * address meets the per-address rate limit and a busy server answers 5xx: those are retried with backoff
 * (honouring `Retry-After`), like network errors; any other refusal is thrown as an ApiError.
 */
export class LiveDeskApi {
  constructor(readonly baseUrl: string) {}

  async request<T>(method: string, path: string, { token, body, headers = {}, signal }: RequestOptions = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (signal?.aborted || attempt >= RETRIES) throw new ApiError(0, 'network', `${method} ${path}: ${String(err)}`);
        await pause(backoffDelay(attempt, Math.random(), retryBackoff));
        continue;
      }
      const text = await res.text();
      const json = text ? (JSON.parse(text) as unknown) : null;
      if (res.ok) return json as T;
      const retryable = res.status === 429 || res.status >= 500;
      if (retryable && attempt < RETRIES && !signal?.aborted) {
        const retryAfter = Number(res.headers.get('retry-after')) * 1000;
        await pause(Math.max(Number.isFinite(retryAfter) ? retryAfter : 0, backoffDelay(attempt, Math.random(), retryBackoff)));
        continue;
      }
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiError(res.status, error?.code ?? `http_${res.status}`, `${method} ${path}: ${res.status} ${error?.message ?? text.slice(0, 200)}`);
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
