import { MAX_IMAGE_BYTES } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Blob, BlobStore } from '../../infra/blob/port.js';
import { sniffImage } from '../catalog/images.js';
import type { AftersalesService } from './service.js';

/**
 * Evidence photos (凭证) through the Blob port. A buyer uploads first and attaches the returned keys to a
 * case; keys carry the org and buyer, so a case can only name its own buyer's photos. The photos are
 * served to that buyer and to staff, never publicly.
 */
export class Evidence {
  constructor(
    private readonly blobs: BlobStore,
    private readonly aftersales: AftersalesService,
  ) {}

  async upload(buyer: Actor, bytes: Buffer): Promise<{ key: string; contentType: string; size: number }> {
    if (bytes.length > MAX_IMAGE_BYTES) throw validationError('The image is larger than 5 MB', { limitBytes: MAX_IMAGE_BYTES });
    // The declared type is the client's word; the bytes decide (a renamed HTML file must not be served).
    const type = sniffImage(bytes);
    if (!type) throw validationError('Only JPEG, PNG or WebP images are accepted');
    const key = `evidence/${buyer.orgId}/${buyer.id}/${newId()}.${type.ext}`;
    await this.blobs.put(key, bytes, type.contentType);
    return { key, contentType: type.contentType, size: bytes.length };
  }

  async read(actor: Actor, caseId: string, index: number): Promise<Blob> {
    const key = await this.aftersales.evidenceKey(actor, caseId, index);
    const blob = await this.blobs.get(key);
    if (!blob) throw notFound('Evidence', `${caseId}/${index}`);
    return blob;
  }
}
