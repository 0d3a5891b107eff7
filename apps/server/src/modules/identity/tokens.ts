import { errors, jwtVerify, SignJWT } from 'jose';
import { unauthorized } from '../../lib/errors.js';

export type TokenKind = 'staff' | 'buyer';

export interface TokenClaims {
  kind: TokenKind;
  /** user id or buyer id */
  subject: string;
  orgId: string;
}

const ISSUER = 'livedesk';

/** Short-lived signed access tokens (HS256); revocation is by short expiry plus refresh-token rotation. */
export class AccessTokens {
  constructor(private readonly secret: Uint8Array) {}

  async sign(claims: TokenClaims, expiresAt: number): Promise<string> {
    return new SignJWT({ org: claims.orgId, knd: claims.kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(claims.subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(this.secret);
  }

  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, algorithms: ['HS256'] });
      const kind = payload.knd;
      if ((kind !== 'staff' && kind !== 'buyer') || typeof payload.org !== 'string' || !payload.sub) {
        throw unauthorized('Token is not valid');
      }
      return { kind, subject: payload.sub, orgId: payload.org };
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw unauthorized('Token has expired');
      throw unauthorized('Token is not valid');
    }
  }
}
