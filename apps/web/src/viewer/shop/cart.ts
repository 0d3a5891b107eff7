import type { LineupProductView, LineupSkuView } from '@livedesk/contracts';
import { MAX_LINE_QUANTITY } from '../limits';

/** 购物车: kept on the device per show, priced from the lineup whenever it is shown. */
export interface CartLine {
  productId: string;
  skuId: string;
  quantity: number;
}

export interface PricedLine extends CartLine {
  product: LineupProductView;
  sku: LineupSkuView;
  lineTotalFen: number;
}

const clampQuantity = (quantity: number) => Math.min(MAX_LINE_QUANTITY, Math.max(0, Math.floor(quantity)));

/** Adds units of a SKU; a SKU already in the cart gets more units instead of a second line. */
export function addToCart(lines: readonly CartLine[], add: CartLine): CartLine[] {
  const existing = lines.find((l) => l.skuId === add.skuId);
  if (!existing) return add.quantity > 0 ? [...lines, { ...add, quantity: clampQuantity(add.quantity) }] : [...lines];
  return lines.map((l) => (l === existing ? { ...l, quantity: clampQuantity(l.quantity + add.quantity) } : l));
}

/** Sets a line's units; zero removes the line. */
export function setQuantity(lines: readonly CartLine[], skuId: string, quantity: number): CartLine[] {
  const q = clampQuantity(quantity);
  return q === 0 ? lines.filter((l) => l.skuId !== skuId) : lines.map((l) => (l.skuId === skuId ? { ...l, quantity: q } : l));
}

/**
 * The cart against the show's current lineup, at live prices. Lines whose SKU left the lineup are
 * returned apart, so the page can show them as unavailable instead of ordering them.
 */
export function priceCart(lines: readonly CartLine[], products: readonly LineupProductView[]): { lines: PricedLine[]; gone: CartLine[]; totalFen: number; units: number } {
  const priced: PricedLine[] = [];
  const gone: CartLine[] = [];
  for (const line of lines) {
    const product = products.find((p) => p.productId === line.productId);
    const sku = product?.skus.find((s) => s.skuId === line.skuId);
    if (!product || !sku) gone.push(line);
    else priced.push({ ...line, product, sku, lineTotalFen: sku.livePriceFen * line.quantity });
  }
  return {
    lines: priced,
    gone,
    totalFen: priced.reduce((sum, l) => sum + l.lineTotalFen, 0),
    units: priced.reduce((sum, l) => sum + l.quantity, 0),
  };
}

const isLine = (x: unknown): x is CartLine => {
  const l = x as CartLine;
  return typeof l === 'object' && l !== null && typeof l.productId === 'string' && typeof l.skuId === 'string' && Number.isInteger(l.quantity) && l.quantity > 0;
};

/** What the device stored, or an empty cart when it is missing or not a cart. */
export function readCart(stored: string | null): CartLine[] {
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter(isLine).map((l) => ({ ...l, quantity: clampQuantity(l.quantity) })) : [];
  } catch {
    return [];
  }
}
