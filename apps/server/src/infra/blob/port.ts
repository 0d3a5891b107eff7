/**
 * Binary objects (product images, evidence photos) outside the database. Keys are made by the server,
 * never taken from a user: `[A-Za-z0-9_-]` segments with an optional `.ext`, joined by `/`. Every
 * adapter refuses any other key, so no key can name something outside the store.
 */
export interface Blob {
  bytes: Buffer;
  contentType: string;
}

export interface BlobStore {
  /** Stores `bytes` under `key`, replacing what was there; a reader sees the old or the new object, never half. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Blob | null>;
  /** Removes the object; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

const segment = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]+)?$/;

export const isValidBlobKey = (key: string): boolean =>
  key.length > 0 && key.length <= 200 && key.split('/').every((s) => segment.test(s));

/** A bare MIME type (`image/png`), so it can be stored and sent back as a header unchanged. */
export const isValidContentType = (type: string): boolean => /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/i.test(type) && type.length <= 100;

export class InvalidBlobKeyError extends Error {
  constructor(key: string) {
    super(`not a valid blob key: ${JSON.stringify(key.slice(0, 100))}`);
    this.name = 'InvalidBlobKeyError';
  }
}
