import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyScope, Permission } from '@livedesk/contracts';
import type { Actor } from '../lib/actor.js';
import { forbidden, unauthorized } from '../lib/errors.js';
import { API_KEY_PREFIX, type ApiKeysService } from '../modules/api-keys/service.js';
import type { BuyersService } from '../modules/buyers/service.js';
import type { IdentityService } from '../modules/identity/service.js';
import type { AccessTokens } from '../modules/identity/tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request, resolved from its credentials before any handler runs; null if anonymous. */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** The route also takes an API key in `?key=`, for `navigator.sendBeacon`, which cannot set headers. */
    apiKeyInQuery?: boolean;
  }
}

export interface Authenticators {
  tokens: AccessTokens;
  identity: IdentityService;
  apiKeys: ApiKeysService;
  buyers: BuyersService;
}

export const requestContext = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

const isWebSocketUpgrade = (req: FastifyRequest) => req.headers.upgrade?.toLowerCase() === 'websocket';

function credentials(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized('Authorization must be "Bearer <token>"');
    return match[1];
  }
  // Browsers cannot set headers on a WebSocket handshake, so only there the token may ride in the query.
  if (isWebSocketUpgrade(req)) {
    const token = (req.query as Record<string, unknown> | undefined)?.token;
    if (typeof token === 'string' && token) return token;
  }
  if (req.routeOptions.config?.apiKeyInQuery) {
    const key = (req.query as Record<string, unknown> | undefined)?.key;
    if (typeof key === 'string' && key.startsWith(API_KEY_PREFIX)) return key;
  }
  return undefined;
}

export function registerAuthentication(app: FastifyInstance, auth: Authenticators): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const token = credentials(req);
    if (!token) return;
    if (isWebSocketUpgrade(req)) {
      // An HTTP error on an upgrade leaves the raw socket open; the socket handler closes it with 4401.
      req.actor = await resolveActor(auth, token, requestContext(req)).catch(() => null);
      return;
    }
    req.actor = await resolveActor(auth, token, requestContext(req));
  });
}

/** Resolves any credential (staff token, buyer token, API key); also used by sockets that send their token in a frame. */
export async function resolveActor(auth: Authenticators, token: string, ctx: { ip: string | null; requestId: string | null }): Promise<Actor> {
  if (token.startsWith(API_KEY_PREFIX)) return auth.apiKeys.authenticate(token, ctx);
  const claims = await auth.tokens.verify(token);
  return claims.kind === 'staff' ? auth.identity.staffActor(claims, ctx) : auth.buyers.buyerActor(claims, ctx);
}

/** Staff (a member or an API key) holding `permission`. */
export function requireStaff(req: FastifyRequest, permission?: Permission | ApiKeyScope): Actor {
  const actor = req.actor;
  if (!actor || (actor.kind !== 'user' && actor.kind !== 'api_key')) throw unauthorized();
  if (permission && !actor.permissions.has(permission)) {
    throw forbidden(`This needs the ${permission} permission`, { required: permission });
  }
  return actor;
}

/** A signed-in person (not an API key): sessions, passwords, orgs. */
export function requireUser(req: FastifyRequest): Actor {
  const actor = req.actor;
  if (!actor || actor.kind !== 'user') throw unauthorized('Sign in as a user');
  return actor;
}

export function requireBuyer(req: FastifyRequest): Actor {
  const actor = req.actor;
  if (!actor || actor.kind !== 'buyer') throw unauthorized('A buyer token is required');
  return actor;
}
