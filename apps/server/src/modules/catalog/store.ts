import type { StoreProductQuery, StoreProductSummary, StoreProductView } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound } from '../../lib/errors.js';
import type { Db } from '../../infra/db/port.js';
import { identityRepo } from '../identity/repo.js';
import { catalogRepo } from './repo.js';
import { subtree } from './taxonomy.js';
import { decodeCursor, imagesOf, imageView, page, specAttributesOf, specValuesOf } from './views.js';

/**
 * The catalog as buyers see it: listed products only, no costs, barcodes or stock counts beyond what
 * can be bought. Anonymous reads are allowed; the shop is named by slug or by the buyer's token.
 */
export class StoreCatalog {
  constructor(private readonly db: Db) {}

  async list(actor: Actor | null, query: StoreProductQuery): Promise<{ items: StoreProductSummary[]; nextCursor: string | null }> {
    const db = this.db.kysely;
    const orgId = await this.shopOf(actor, query.org);
    const categoryIds = query.categoryId ? subtree(await catalogRepo.categories(db, orgId), query.categoryId) : undefined;
    const rows = await catalogRepo.pageProducts(db, orgId, { q: query.q, status: 'listed', categoryIds }, decodeCursor(query.cursor), query.limit);
    const ids = rows.slice(0, query.limit).map((r) => r.id);
    const stats = new Map((await catalogRepo.skuStats(db, orgId, ids)).map((s) => [s.product_id, s]));
    const available = new Map((await catalogRepo.availableByProduct(db, orgId, ids)).map((a) => [a.product_id, a.available]));
    return page(rows, query.limit, (shown) =>
      shown.map((r) => {
        const cover = imagesOf(r)[0];
        return {
          id: r.id,
          title: r.title,
          cover: cover === undefined ? null : imageView(cover),
          minPriceFen: stats.get(r.id)?.min_price_fen ?? null,
          maxPriceFen: stats.get(r.id)?.max_price_fen ?? null,
          available: Math.max(0, available.get(r.id) ?? 0),
        };
      }),
    );
  }

  /** A draft, delisted or unknown product is equally "not found": a buyer learns nothing about it. */
  async get(actor: Actor | null, id: string, orgSlug: string | undefined): Promise<StoreProductView> {
    const db = this.db.kysely;
    const row = await catalogRepo.listedProduct(db, id);
    const orgId = orgSlug !== undefined || actor?.kind === 'buyer' ? await this.shopOf(actor, orgSlug) : row?.org_id;
    if (!row || row.org_id !== orgId) throw notFound('Product', id);
    const skus = await catalogRepo.skusOfProducts(db, row.org_id, [row.id]);
    const stock = new Map((await catalogRepo.stockOfSkus(db, row.org_id, skus.map((s) => s.id))).map((s) => [s.sku_id, s]));
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      specAttributes: specAttributesOf(row),
      images: imagesOf(row).map(imageView),
      skus: skus.map((s) => {
        const level = stock.get(s.id);
        const disabled = s.status !== 'active';
        return {
          id: s.id,
          title: s.title,
          specValues: specValuesOf(s),
          priceFen: s.price_fen,
          // What can be ordered: nothing of a disabled SKU.
          available: disabled ? 0 : Math.max(0, (level?.on_hand ?? 0) - (level?.reserved ?? 0)),
          disabled,
        };
      }),
    };
  }

  /** The slug when given, else the buyer's shop, else the installation's first shop (like guest sign-up). */
  private async shopOf(actor: Actor | null, slug: string | undefined): Promise<string> {
    const db = this.db.kysely;
    if (slug !== undefined) {
      const org = await identityRepo.orgBySlug(db, slug);
      if (!org) throw notFound('Shop', slug);
      return org.id;
    }
    if (actor?.kind === 'buyer') return actor.orgId;
    const org = await identityRepo.oldestOrg(db);
    if (!org) throw notFound('Shop');
    return org.id;
  }
}
