import { createHmac } from 'node:crypto';
import type { AlertChannelKind } from '@livedesk/contracts';
import type { Notice } from './message.js';

/** A channel with its secrets decrypted, only ever held in memory while sending. */
export interface ChannelTarget {
  kind: AlertChannelKind;
  url: string;
  secret: string | null;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
/** 企业微信 refuses markdown over 4096 bytes of UTF-8. */
const WECOM_MARKDOWN_BYTES = 4096;

const hmacSha256 = (key: string, message: string) => createHmac('sha256', key).update(message, 'utf8');

/** Builds the request for `target` at `now` (ms); a retry builds a new one, since robots sign the time. */
export function buildRequest(target: ChannelTarget, notice: Notice, now: number): OutgoingRequest {
  switch (target.kind) {
    case 'webhook': {
      if (!target.secret) throw new Error('a webhook channel always has a secret');
      // sentAt inside the signed body is what makes a replayed delivery recognisable as old.
      const body = JSON.stringify({ ...notice.payload, sentAt: now });
      return {
        url: target.url,
        headers: {
          ...JSON_HEADERS,
          'x-livedesk-timestamp': String(now),
          'x-livedesk-signature': `sha256=${hmacSha256(target.secret, body).digest('hex')}`,
        },
        body,
      };
    }
    case 'dingtalk': {
      // 加签: HmacSHA256 keyed by the secret over `timestamp + "\n" + secret`, base64, then URL-encoded.
      const url = new URL(target.url);
      if (target.secret) {
        url.searchParams.set('timestamp', String(now));
        url.searchParams.set('sign', hmacSha256(target.secret, `${now}\n${target.secret}`).digest('base64'));
      }
      const text = [`### ${notice.title}`, ...notice.lines.map((l) => `**${l.label}**：${l.text}`)].join('\n\n');
      return { url: url.toString(), headers: JSON_HEADERS, body: JSON.stringify({ msgtype: 'markdown', markdown: { title: notice.title, text } }) };
    }
    case 'wecom': {
      // The robot's key in the URL is its only credential: group robots of 企业微信 do not sign.
      const content = truncateUtf8([`### ${notice.title}`, ...notice.lines.map((l) => `> ${l.label}：${l.text}`)].join('\n'), WECOM_MARKDOWN_BYTES);
      return { url: target.url, headers: JSON_HEADERS, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) };
    }
    case 'feishu': {
      const card = {
        header: { template: 'red', title: { tag: 'plain_text', content: notice.title } },
        elements: [{ tag: 'div', text: { tag: 'lark_md', content: notice.lines.map((l) => `**${l.label}**：${l.text}`).join('\n') } }],
      };
      // 签名校验: HmacSHA256 keyed by `timestamp + "\n" + secret` over an empty message, base64; seconds.
      const seconds = Math.floor(now / 1000);
      const signature = target.secret
        ? { timestamp: String(seconds), sign: hmacSha256(`${seconds}\n${target.secret}`, '').digest('base64') }
        : {};
      return { url: target.url, headers: JSON_HEADERS, body: JSON.stringify({ ...signature, msg_type: 'interactive', card }) };
    }
  }
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes - 3) break;
    out += char;
  }
  return `${out}…`;
}

export interface SendOptions {
  timeoutMs: number;
  /** the pause before the one retry */
  retryDelayMs: number;
}

export interface SendOutcome {
  ok: boolean;
  attempts: number;
  status: number | null;
  error: string | null;
}

interface Attempt extends SendOutcome {
  /** worth the one retry: no answer, a 5xx or 429; a robot's refusal (bad signature, keyword) is not */
  transient: boolean;
}

/** Sends with a timeout and, after a transient failure, one retry. Never throws. */
export async function send(kind: AlertChannelKind, build: () => OutgoingRequest, options: SendOptions): Promise<SendOutcome> {
  let last = await attempt(kind, build(), options.timeoutMs);
  if (!last.ok && last.transient) {
    await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs));
    last = await attempt(kind, build(), options.timeoutMs);
    last.attempts = 2;
  }
  const { transient: _transient, ...outcome } = last;
  return outcome;
}

async function attempt(kind: AlertChannelKind, request: OutgoingRequest, timeoutMs: number): Promise<Attempt> {
  let response: Response;
  try {
    // A redirect is answered as a failure: following it would re-send the body to a host nobody configured.
    response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { ok: false, attempts: 1, status: null, error: timedOut ? 'timeout' : 'network', transient: true };
  }
  const text = await response.text().catch(() => '');
  if (response.status < 200 || response.status >= 300) {
    return { ok: false, attempts: 1, status: response.status, error: `http_${response.status}`, transient: response.status >= 500 || response.status === 429 };
  }
  const refusal = robotRefusal(kind, text);
  return { ok: refusal === null, attempts: 1, status: response.status, error: refusal, transient: false };
}

/** Robots answer 200 with an error code in the body: 钉钉 and 企业微信 `errcode`, 飞书 `code` (older `StatusCode`). */
function robotRefusal(kind: AlertChannelKind, text: string): string | null {
  if (kind === 'webhook') return null;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'unreadable answer';
  }
  const code = kind === 'feishu' ? (body.code ?? body.StatusCode) : body.errcode;
  if (code === 0) return null;
  const message = kind === 'feishu' ? (body.msg ?? body.StatusMessage) : body.errmsg;
  return `errcode ${String(code)}: ${String(message ?? '')}`.slice(0, 300);
}

/** `https://oapi.dingtalk.com/••••a1b2`: enough to recognise a channel, not to use it. */
export function urlHint(url: string): string {
  const parsed = new URL(url);
  const rest = `${parsed.pathname}${parsed.search}`;
  return `${parsed.protocol}//${parsed.host}/••••${rest.length >= 12 ? rest.slice(-4) : ''}`;
}

export const secretHint = (secret: string) => `••••${secret.length >= 16 ? secret.slice(-4) : ''}`;
