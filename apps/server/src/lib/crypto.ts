import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** URL-safe random secret with `bytes` of entropy (tokens, API keys, refresh tokens). */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export interface PiiKeyring {
  /** key id → 32-byte AES key; the id is stored beside each ciphertext so old keys keep decrypting */
  keys: ReadonlyMap<string, Buffer>;
  activeKeyId: string;
  /** key of the HMAC that makes exact lookups possible without decrypting */
  hashKey: Buffer;
}

/**
 * Personal data at rest (PIPL): AES-256-GCM with a fresh 96-bit IV per value. The envelope
 * `keyId.iv.tag.ciphertext` names its key, so rotating means adding a key and making it active;
 * values written before keep decrypting with theirs.
 */
export class PiiCipher {
  constructor(private readonly keyring: PiiKeyring) {
    if (!keyring.keys.has(keyring.activeKeyId)) throw new Error('active PII key id is not in the keyring');
  }

  encrypt(plaintext: string): string {
    const keyId = this.keyring.activeKeyId;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId), iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  decrypt(envelope: string): string {
    const [keyId, iv, tag, ciphertext] = envelope.split('.');
    if (!keyId || !iv || !tag || ciphertext === undefined) throw new Error('malformed PII envelope');
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for equality lookups (by phone); without the key it reveals nothing. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.keyring.hashKey).update(value).digest('base64url');
  }

  private key(keyId: string): Buffer {
    const key = this.keyring.keys.get(keyId);
    if (!key) throw new Error(`unknown PII key id ${keyId}`);
    return key;
  }
}

/** `13812348000` → `138****8000`; anything shorter keeps only its last character. */
export function maskPhone(phone: string): string {
  if (phone.length >= 7) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(phone.length - 1, 0))}${phone.slice(-1)}`;
}

/** `张三丰` → `张**`: the family name stays, enough for a parcel's recipient to recognise. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** Street details keep their first few characters (the district is shown separately). */
export function maskAddressDetail(detail: string): string {
  const chars = [...detail];
  return chars.length <= 4 ? '****' : `${chars.slice(0, 4).join('')}****`;
}
