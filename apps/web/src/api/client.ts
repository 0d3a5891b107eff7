import { ErrorBody, type AuthResult, type ErrorCode } from '@livedesk/contracts';
import { session, type StoredSession } from '../auth/session';
import type { StaffTokens } from '../lib/staffSocket';

const basePath = '/api/v1';

/** `network` stands for "no usable answer from the server" (offline, proxy error page, ...). */
export type ApiErrorCode = ErrorCode | 'network';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is instead (a file upload, a CSV document); FormData picks its own Content-Type. */
  rawBody?: { data: BodyInit; contentType?: string };
  headers?: Record<string, string>;
  query?: Record<string, QueryValue>;
  /** Sign-in calls: no token is sent and a 401 means "wrong credentials", not "session expired". */
  anonymous?: boolean;
  signal?: AbortSignal;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return `${basePath}${path}${search ? `?${search}` : ''}`;
}

async function send(method: string, url: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.rawBody) {
    body = options.rawBody.data;
    if (options.rawBody.contentType) headers['Content-Type'] = options.rawBody.contentType;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(url, { method, headers, body, signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
}

async function toError(response: Response): Promise<ApiError> {
  const payload: unknown = await response.json().catch(() => null);
  const parsed = ErrorBody.safeParse(payload);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, details);
  }
  return new ApiError(response.status, response.status >= 500 ? 'internal' : 'network', response.statusText);
}

async function readBody<T>(response: Response): Promise<T> {
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

type RefreshOutcome = StoredSession | 'rejected';

let refreshInFlight: Promise<RefreshOutcome> | null = null;

async function exchangeRefreshToken(): Promise<RefreshOutcome> {
  const current = session.get();
  if (!current) return 'rejected';
  const response = await send('POST', buildUrl('/auth/refresh'), { body: { refreshToken: current.refreshToken } }, null);
  if (response.status === 401 || response.status === 400) return 'rejected';
  const result = await readBody<AuthResult>(response);
  session.set(result);
  return session.get() ?? 'rejected';
}

/**
 * Trades the refresh token for a new pair. Refresh tokens rotate, so concurrent callers must share
 * one exchange: a second exchange would present an already-spent token and end the session.
 */
export function refreshSession(): Promise<RefreshOutcome> {
  refreshInFlight ??= exchangeRefreshToken().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

/** A newly refreshed token; null, with the session cleared, when the server refuses the refresh. */
async function refreshedAccessToken(): Promise<string | null> {
  const outcome = await refreshSession();
  if (outcome === 'rejected') {
    session.clear();
    return null;
  }
  return outcome.token;
}

/** A token that is still valid for a little while, for callers that cannot retry (the WebSocket). */
export async function freshAccessToken(): Promise<string | null> {
  const current = session.get();
  if (!current) return null;
  if (current.expiresAt - Date.now() > 30_000) return current.token;
  return refreshedAccessToken();
}

/** The tokens the console's WebSockets present at their handshake. */
export const staffTokens: StaffTokens = {
  fresh: freshAccessToken,
  current: () => session.get()?.token ?? null,
  refreshed: refreshedAccessToken,
};

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return readBody<T>(await authorizedResponse(method, path, options));
}

/** A file the server sends back (a CSV export), with the name it suggests in `Content-Disposition`. */
export interface DownloadedFile {
  blob: Blob;
  filename: string | null;
}

export async function download(path: string, options: RequestOptions = {}): Promise<DownloadedFile> {
  const response = await authorizedResponse('GET', path, options);
  if (!response.ok) throw await toError(response);
  return { blob: await response.blob(), filename: filenameOf(response.headers.get('Content-Disposition')) };
}

function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      // Fall through to the plain parameter.
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1]?.trim() ?? null;
}

async function authorizedResponse(method: string, path: string, options: RequestOptions): Promise<Response> {
  const url = buildUrl(path, options.query);
  if (options.anonymous) return send(method, url, options, null);

  const usedToken = session.get()?.token ?? null;
  let response = await send(method, url, options, usedToken);
  if (response.status === 401 && usedToken) {
    // Someone else may already have refreshed while this request was on the wire.
    const latest = session.get();
    const renewed = latest && latest.token !== usedToken ? latest : await refreshSession();
    if (renewed !== 'rejected' && renewed) {
      response = await send(method, url, options, renewed.token);
    }
    // Still refused: the session is over, and clearing it sends the console back to the login page.
    if (response.status === 401) session.clear();
  }
  return response;
}
