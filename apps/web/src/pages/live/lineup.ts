import {
  PriceFen,
  type Anchor,
  type CreateLiveSessionBody,
  type LineupEntry,
  type LineupProductView,
  type ProductView,
  type UpdateLiveSessionBody,
} from '@livedesk/contracts';
import { fenToYuanInput, parseYuan } from '../../lib/money';

/*
 * The session editor's model: what the form holds, and how it becomes the request bodies. Prices are typed
 * in yuan and leave as integer fen; a SKU sends only what differs from selling at catalog price out of
 * general stock, which is what the server assumes for anything left out.
 */

export interface LineupSkuDraft {
  skuId: string;
  skuCode: string;
  title: string;
  specs: Record<string, string>;
  priceFen: number;
  available: number;
  /** yuan as typed; null: the catalog price */
  livePrice: string | null;
  /** null: sells from general stock */
  campaignStock: number | null;
}

export interface LineupProductDraft {
  productId: string;
  title: string;
  imageUrl: string | null;
  skus: LineupSkuDraft[];
}

export function draftsFromView(products: readonly LineupProductView[]): LineupProductDraft[] {
  return [...products]
    .sort((a, b) => a.position - b.position)
    .map((product) => ({
      productId: product.productId,
      title: product.title,
      imageUrl: product.imageUrl,
      skus: product.skus.map((sku) => ({
        skuId: sku.skuId,
        skuCode: sku.skuCode,
        title: sku.title,
        specs: sku.specs,
        priceFen: sku.priceFen,
        // Campaign stock already carved is counted in `available`; the general figure would be misleading here.
        available: sku.available,
        livePrice: sku.livePriceFen === sku.priceFen ? null : fenToYuanInput(sku.livePriceFen),
        campaignStock: sku.campaignStock,
      })),
    }));
}

/** A catalog product joining the lineup: its active SKUs at catalog price, from general stock. */
export function draftFromProduct(product: ProductView): LineupProductDraft {
  return {
    productId: product.id,
    title: product.title,
    imageUrl: product.images[0]?.url ?? null,
    skus: product.skus
      .filter((sku) => sku.status === 'active')
      .map((sku) => ({
        skuId: sku.id,
        skuCode: sku.skuCode,
        title: sku.title,
        specs: sku.specValues,
        priceFen: sku.priceFen,
        available: sku.available,
        livePrice: null,
        campaignStock: null,
      })),
  };
}

/** The list with the item at `index` moved by `delta` places; unchanged when that would leave the list. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item as T);
  return next;
}

/** A live price that cannot be saved: not an amount, or beyond what a price may be. */
export function livePriceInvalid(sku: LineupSkuDraft): boolean {
  if (sku.livePrice === null || sku.livePrice.trim() === '') return false;
  const fen = parseYuan(sku.livePrice);
  return fen === null || !PriceFen.safeParse(fen).success;
}

/** Allowed, but worth a warning: a "live price" above the shelf price is usually a typo (an extra zero). */
export function livePriceAboveShelf(sku: LineupSkuDraft): boolean {
  const fen = sku.livePrice === null ? null : parseYuan(sku.livePrice);
  return fen !== null && fen > sku.priceFen;
}

export const lineupHasProblems = (drafts: readonly LineupProductDraft[]): boolean =>
  drafts.some((product) => product.skus.some(livePriceInvalid));

/** `PUT /lineup`'s `lineup`: products in order, each SKU only when it has a live price or campaign stock. */
export function toLineup(drafts: readonly LineupProductDraft[]): LineupEntry[] {
  return drafts.map((product) => {
    const skus = product.skus.flatMap((sku) => {
      const livePriceFen = sku.livePrice === null ? null : parseYuan(sku.livePrice);
      const campaignStock = sku.campaignStock !== null && sku.campaignStock > 0 ? sku.campaignStock : null;
      if (livePriceFen === null && campaignStock === null) return [];
      return [
        {
          skuId: sku.skuId,
          ...(livePriceFen === null ? {} : { livePriceFen }),
          ...(campaignStock === null ? {} : { campaignStock }),
        },
      ];
    });
    return skus.length > 0 ? { productId: product.productId, skus } : { productId: product.productId };
  });
}

/** The form's fields other than the lineup; times are epoch ms already read in the org's timezone. */
export interface SessionFields {
  title: string;
  coverUrl: string;
  anchorNames: string[];
  scheduledStartAt: number | null;
  scheduledEndAt: number | null;
}

/** Names → anchors, keeping the account link of anchors that were already on the show. */
export function anchorsFromNames(names: readonly string[], previous: readonly Anchor[] = []): Anchor[] {
  const seen = new Set<string>();
  return names.flatMap((raw) => {
    const name = raw.trim();
    if (name === '' || seen.has(name)) return [];
    seen.add(name);
    const known = previous.find((anchor) => anchor.name === name);
    return [known ?? { name }];
  });
}

export function toCreateBody(fields: SessionFields, lineup: readonly LineupProductDraft[]): CreateLiveSessionBody {
  const coverUrl = fields.coverUrl.trim();
  const anchors = anchorsFromNames(fields.anchorNames);
  return {
    title: fields.title.trim(),
    ...(coverUrl ? { coverUrl } : {}),
    ...(anchors.length > 0 ? { anchors } : {}),
    ...(fields.scheduledStartAt === null ? {} : { scheduledStartAt: fields.scheduledStartAt }),
    ...(fields.scheduledEndAt === null ? {} : { scheduledEndAt: fields.scheduledEndAt }),
    lineup: toLineup(lineup),
  };
}

/** `PATCH` sends every field: a cleared cover or time must reach the server as null. */
export function toUpdateBody(fields: SessionFields, previousAnchors: readonly Anchor[]): UpdateLiveSessionBody {
  const coverUrl = fields.coverUrl.trim();
  return {
    title: fields.title.trim(),
    coverUrl: coverUrl === '' ? null : coverUrl,
    anchors: anchorsFromNames(fields.anchorNames, previousAnchors),
    scheduledStartAt: fields.scheduledStartAt,
    scheduledEndAt: fields.scheduledEndAt,
  };
}
