import {
  MAX_SKUS_PER_PRODUCT,
  ProductStatus,
  SkuCode,
  SkuStatus,
  SpecValues,
  type ImportResult,
  type SpecAttribute,
} from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { ProductRow, SkuRow } from '../../infra/db/database.js';
import type { Db, Tx } from '../../infra/db/port.js';
import type { AuditService, RecordAudit } from '../audit/service.js';
import { CsvSyntaxError, parseCsv, protectCell, toCsv, unprotectCell, type CsvRecord } from './csv.js';
import { defaultSkuTitle, formatSpecValues, parseSpecValues } from './matrix.js';
import { withUniqueSkuCodes, type InitialStock, type ProductsService } from './products.js';
import { catalogRepo, type ProductFilter } from './repo.js';
import { subtree } from './taxonomy.js';
import { changesOf, fenToYuan, specAttributesOf, specValuesOf, yuanToFen } from './views.js';

export const MAX_IMPORT_ROWS = 5_000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Export columns, in order; the import reads the same names (and the Chinese aliases below). */
const exportColumns = [
  'product_id',
  'product_title',
  'sku_code',
  'sku_title',
  'spec_values',
  'price',
  'cost',
  'barcode',
  'weight_grams',
  'status',
  'sku_status',
  'available',
] as const;

const importColumns = {
  product_id: ['product_id', '商品id'],
  product_title: ['product_title', '商品标题', '商品名称'],
  sku_code: ['sku_code', 'sku编码', '商家编码'],
  sku_title: ['sku_title', 'sku标题', '规格名称'],
  spec_values: ['spec_values', '规格'],
  price: ['price', '价格', '售价'],
  cost: ['cost', '成本', '成本价'],
  barcode: ['barcode', '条码', '条形码'],
  weight_grams: ['weight_grams', '重量', '重量(克)'],
  status: ['status', '状态', '商品状态'],
  sku_status: ['sku_status', 'sku状态'],
  stock: ['stock', '库存', '初始库存'],
  available: ['available', '可售', '可售库存'],
} as const;
type Column = keyof typeof importColumns;

/** The route's description of the format; kept beside the code that reads it. */
export const IMPORT_FORMAT = [
  'Body: `text/csv`, UTF-8 with or without BOM, first line a header, at most 5,000 rows and 5 MB.',
  'Columns (any order; Chinese aliases such as 商品标题, SKU编码, 价格 are accepted):',
  '`sku_code` (required); `price` in yuan, e.g. `12.50` (required for new SKUs); `product_id`; `product_title`;',
  '`sku_title`; `spec_values` as `颜色:红;尺码:M`; `cost` in yuan; `barcode`; `weight_grams`; `status`',
  '(draft | listed | delisted, new products only); `sku_status` (active | disabled); `stock` (or `available` as',
  'exported), the initial stock of new SKUs. An existing `sku_code` updates that SKU\'s title, price, cost, barcode',
  'and weight (an empty cell keeps the value); its spec values and SKU status must match (change those in the SKU',
  'editor). A new `sku_code` goes to the product named by `product_id` if the shop has it; otherwise rows sharing a',
  '`product_id` (or, without one, a `product_title`) become one new product. Columns `GET /products/export.csv`',
  'writes are read back unchanged, so an export is a valid import. Rows with problems are reported by line and',
  'skipped; all other rows are imported in one transaction.',
].join(' ');

interface Draft {
  line: number;
  skuCode: string;
  productId?: string;
  productTitle?: string;
  skuTitle?: string;
  spec?: { values: SpecValues; names: string[] };
  priceFen?: number;
  costFen?: number;
  barcode?: string;
  weightGrams?: number;
  status?: ProductStatus;
  skuStatus?: SkuStatus;
  stock?: number;
}

/** A product that rows of this import add SKUs to: a new one, or one of the shop's own. */
interface Target {
  product: ProductRow;
  isNew: boolean;
  attributes: SpecAttribute[];
  /** cells taken by active SKUs, existing and added */
  cells: Set<string>;
  skuCount: number;
  added: SkuRow[];
  stock: InitialStock[];
  firstLine: number;
}

const cellOf = (attributes: SpecAttribute[], values: SpecValues) => JSON.stringify(attributes.map((a) => values[a.name]));

/** CSV export and import of products, one row per SKU. */
export class CatalogTransfer {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly products: ProductsService,
    private readonly clock: Clock,
  ) {}

  /** With a BOM, so Excel opens the Chinese text as UTF-8 rather than as the system code page. */
  async exportCsv(actor: Actor, query: { q?: string; status?: ProductStatus; categoryId?: string; brandId?: string }): Promise<string> {
    const db = this.db.kysely;
    const filter: ProductFilter = {
      q: query.q,
      status: query.status,
      brandId: query.brandId,
      categoryIds: query.categoryId ? subtree(await catalogRepo.categories(db, actor.orgId), query.categoryId) : undefined,
    };
    const rows = await catalogRepo.exportRows(db, actor.orgId, filter);
    const body = rows.map((r) => {
      const attributes = JSON.parse(r.spec_attributes) as SpecAttribute[];
      const text = (v: string) => protectCell(v);
      return [
        r.product_id,
        text(r.product_title),
        text(r.sku_code),
        text(r.sku_title),
        text(formatSpecValues(JSON.parse(r.spec_values) as SpecValues, attributes)),
        fenToYuan(r.price_fen),
        r.cost_fen === null ? '' : fenToYuan(r.cost_fen),
        r.barcode === null ? '' : text(r.barcode),
        r.weight_grams,
        r.product_status,
        r.sku_status,
        r.on_hand - r.reserved,
      ];
    });
    return `\uFEFF${toCsv([[...exportColumns], ...body])}`;
  }

  /**
   * Imports products from CSV. Every row is checked first and every bad row reported with its line and
   * reasons; the good rows are then written in ONE transaction together with their audit entries and
   * initial stock, so a crash or error mid-file leaves nothing half-imported: all good rows or none.
   */
  async importCsv(actor: Actor, bytes: Buffer): Promise<ImportResult> {
    const { drafts, errors, ignoredColumns } = readDrafts(bytes);
    const now = this.clock.now();
    const result = await withUniqueSkuCodes(() =>
      this.audit.transaction(actor, async (tx, record) => {
        const plan = await this.plan(tx, actor, drafts, errors, now);
        await this.write(tx, actor, record, plan, now);
        const summary = {
          imported: plan.targets.reduce((n, t) => n + t.added.length, 0),
          updated: plan.updates.length,
          unchanged: plan.unchanged,
          rejected: errors.size,
          productsCreated: plan.targets.filter((t) => t.isNew).length,
        };
        await record({ action: 'product.import', targetType: 'product', targetId: null, changes: changesOf({}, summary) });
        return summary;
      }),
    );
    const rows = drafts.map((d) => {
      const problems = errors.get(d.line);
      const base = { row: d.line, ...(d.skuCode ? { skuCode: d.skuCode } : {}) };
      return problems ? { ...base, ok: false, errors: problems } : { ...base, ok: true };
    });
    return { ...result, ignoredColumns, rows };
  }

  /** Decides what each row does against the shop's current catalog; adds to `errors` what cannot be done. */
  private async plan(tx: Tx, actor: Actor, drafts: Draft[], errors: Map<number, string[]>, now: number) {
    const reject = (line: number, message: string) => errors.set(line, [...(errors.get(line) ?? []), message]);
    const existing = new Map((await catalogRepo.skusByCodes(tx, actor.orgId, drafts.map((d) => d.skuCode))).map((s) => [s.sku_code, s]));
    const productIds = [...new Set(drafts.flatMap((d) => (d.productId ? [d.productId] : [])))];
    const shopProducts = new Map((await catalogRepo.productsByIds(tx, actor.orgId, productIds)).map((p) => [p.id, p]));
    const shopSkus = await catalogRepo.skusOfProducts(tx, actor.orgId, [...shopProducts.keys()]);

    const updates: { sku: SkuRow; patch: Partial<SkuRow>; changes: ReturnType<typeof changesOf> }[] = [];
    let unchanged = 0;
    const targets = new Map<string, Target>();
    const seenCodes = new Map<string, number>();

    for (const d of drafts) {
      // A repeated code is refused even when its first row is bad: which of the two was meant is unclear.
      const firstLine = d.skuCode ? seenCodes.get(d.skuCode) : undefined;
      if (firstLine !== undefined) reject(d.line, `sku_code ${d.skuCode} is also on line ${firstLine}`);
      else if (d.skuCode) seenCodes.set(d.skuCode, d.line);
      if (errors.has(d.line)) continue;

      const sku = existing.get(d.skuCode);
      if (sku) {
        const problems: string[] = [];
        if (d.productId && d.productId !== sku.product_id) problems.push(`sku_code ${d.skuCode} belongs to another product`);
        if (d.spec && JSON.stringify(sortedEntries(d.spec.values)) !== JSON.stringify(sortedEntries(specValuesOf(sku)))) {
          problems.push('spec_values of an existing SKU change in the SKU editor, not by import');
        }
        if (d.skuStatus && d.skuStatus !== sku.status) problems.push('sku_status of an existing SKU changes in the SKU editor, not by import');
        if (problems.length) {
          for (const p of problems) reject(d.line, p);
          continue;
        }
        const changes = changesOf(
          { title: sku.title, priceFen: sku.price_fen, costFen: sku.cost_fen, barcode: sku.barcode, weightGrams: sku.weight_grams },
          { title: d.skuTitle, priceFen: d.priceFen, costFen: d.costFen, barcode: d.barcode, weightGrams: d.weightGrams },
        );
        if (!changes.length) unchanged++;
        else {
          updates.push({
            sku,
            changes,
            patch: { title: d.skuTitle, price_fen: d.priceFen, cost_fen: d.costFen, barcode: d.barcode, weight_grams: d.weightGrams, updated_at: now },
          });
        }
        continue;
      }

      if (d.priceFen === undefined) {
        reject(d.line, 'price is required for a new SKU');
        continue;
      }
      const shopProduct = d.productId ? shopProducts.get(d.productId) : undefined;
      const key = shopProduct ? `shop:${shopProduct.id}` : d.productId ? `id:${d.productId}` : d.productTitle ? `title:${d.productTitle}` : undefined;
      if (key === undefined) {
        reject(d.line, 'a new SKU needs product_title (or product_id of an existing product)');
        continue;
      }
      let target = targets.get(key);
      if (!target) {
        if (shopProduct) {
          const attributes = specAttributesOf(shopProduct);
          const skus = shopSkus.filter((s) => s.product_id === shopProduct.id);
          target = {
            product: shopProduct,
            isNew: false,
            attributes,
            cells: new Set(skus.filter((s) => s.status === 'active').map((s) => cellOf(attributes, specValuesOf(s)))),
            skuCount: skus.length,
            added: [],
            stock: [],
            firstLine: d.line,
          };
        } else {
          if (!d.productTitle) {
            reject(d.line, 'a new product needs product_title');
            continue;
          }
          target = {
            product: {
              id: newId(),
              org_id: actor.orgId,
              title: d.productTitle,
              description: '',
              category_id: null,
              brand_id: null,
              status: d.status ?? 'listed',
              list_at: null,
              delist_at: null,
              spec_attributes: '[]',
              images: '[]',
              created_at: now,
              updated_at: now,
            },
            isNew: true,
            attributes: (d.spec?.names ?? []).map((name) => ({ name, values: [] })),
            cells: new Set(),
            skuCount: 0,
            added: [],
            stock: [],
            firstLine: d.line,
          };
        }
      }
      const problem = placeSku(target, d);
      if (problem) {
        reject(d.line, problem);
        continue;
      }
      targets.set(key, target);
      const specValues = d.spec?.values ?? {};
      const row: SkuRow = {
        id: newId(),
        org_id: actor.orgId,
        product_id: target.product.id,
        sku_code: d.skuCode,
        title: d.skuTitle ?? defaultSkuTitle(target.attributes, specValues, target.product.title),
        spec_values: JSON.stringify(specValues),
        price_fen: d.priceFen,
        cost_fen: d.costFen ?? null,
        barcode: d.barcode ?? null,
        weight_grams: d.weightGrams ?? null,
        status: d.skuStatus ?? 'active',
        created_at: now,
        updated_at: now,
      };
      target.added.push(row);
      target.stock.push({ skuId: row.id, quantity: d.stock ?? 0 });
    }
    return { updates, unchanged, targets: [...targets.values()] };
  }

  private async write(tx: Tx, actor: Actor, record: RecordAudit, plan: Awaited<ReturnType<CatalogTransfer['plan']>>, now: number) {
    for (const { sku, patch, changes } of plan.updates) {
      await catalogRepo.updateSku(tx, actor.orgId, sku.id, patch);
      await record({ action: 'sku.update', targetType: 'sku', targetId: sku.id, changes });
    }
    for (const target of plan.targets) {
      const attributes = JSON.stringify(target.attributes);
      if (target.isNew) {
        await this.products.insertProduct(tx, actor, record, { ...target.product, spec_attributes: attributes }, target.added);
      } else {
        await catalogRepo.insertSkus(tx, target.added);
        for (const row of target.added) {
          await record({
            action: 'sku.create',
            targetType: 'sku',
            targetId: row.id,
            changes: changesOf({}, { productId: row.product_id, skuCode: row.sku_code, title: row.title, priceFen: row.price_fen }),
          });
        }
        if (attributes !== target.product.spec_attributes) {
          await catalogRepo.updateProduct(tx, actor.orgId, target.product.id, { spec_attributes: attributes, updated_at: Math.max(now, target.product.updated_at + 1) });
          await record({
            action: 'product.update',
            targetType: 'product',
            targetId: target.product.id,
            changes: changesOf({ specAttributes: specAttributesOf(target.product) }, { specAttributes: target.attributes }),
          });
        }
      }
      await this.products.receiveInitialStock(tx, actor, target.product.id, target.stock);
    }
  }
}

const sortedEntries = (values: SpecValues) => Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Fits a new SKU into the target's matrix, extending an axis with a new value when needed (a new colour
 * in the sheet); returns why it cannot, or undefined when it has been placed.
 */
function placeSku(target: Target, d: Draft): string | undefined {
  if (target.skuCount + 1 > MAX_SKUS_PER_PRODUCT) return `a product has at most ${MAX_SKUS_PER_PRODUCT} SKUs`;
  const values = d.spec?.values ?? {};
  const names = Object.keys(values);
  const expected = target.attributes.map((a) => a.name);
  if (names.length !== expected.length || !expected.every((n) => names.includes(n))) {
    return expected.length
      ? `spec_values must name exactly ${expected.join(', ')} (line ${target.firstLine} set them)`
      : 'this product has no spec attributes, so spec_values must be empty';
  }
  const extended = target.attributes.map((a) => {
    const value = values[a.name]!;
    return a.values.includes(value) ? a : { ...a, values: [...a.values, value] };
  });
  if (extended.some((a) => a.values.length > 100)) return 'a spec attribute has at most 100 values';
  // As on create: without spec attributes there is no matrix, and SKUs need not differ in spec values.
  const occupies = (d.skuStatus ?? 'active') === 'active' && extended.length > 0;
  const cell = cellOf(extended, values);
  if (occupies && target.cells.has(cell)) return `another SKU of this product already has spec values ${formatSpecValues(values, extended)}`;
  target.attributes = extended;
  if (occupies) target.cells.add(cell);
  target.skuCount++;
  return undefined;
}

/** Decodes and parses the file, and checks each row on its own; file-level problems are a 400. */
function readDrafts(bytes: Buffer) {
  let text: string;
  try {
    // fatal: a GBK file (Excel's default "CSV" in China) is refused with a hint, not read as mojibake.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw validationError('The file is not UTF-8; save it as "CSV UTF-8"');
  }
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw validationError(`CSV syntax error: ${err.message}`, { line: err.line });
    throw err;
  }
  const [header, ...data] = records;
  if (!header) throw validationError('The file is empty; the first line must be a header');
  if (data.length > MAX_IMPORT_ROWS) throw validationError(`At most ${MAX_IMPORT_ROWS} rows per import`, { rows: data.length });

  const index = new Map<Column, number>();
  const ignoredColumns: string[] = [];
  header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    const column = (Object.keys(importColumns) as Column[]).find((c) => (importColumns[c] as readonly string[]).includes(name));
    if (!column) ignoredColumns.push(raw.trim());
    else if (index.has(column)) throw validationError(`Column ${column} appears twice in the header`);
    else index.set(column, i);
  });
  const missing = (['sku_code', 'price'] as const).filter((c) => !index.has(c));
  if (missing.length) throw validationError(`The header lacks required columns: ${missing.join(', ')}`, { missing, header: header.fields });

  const errors = new Map<number, string[]>();
  const drafts: Draft[] = [];
  for (const record of data) {
    const problems: string[] = [];
    const cell = (c: Column) => {
      const i = index.get(c);
      const v = i === undefined ? '' : unprotectCell((record.fields[i] ?? '').trim());
      return v === '' ? undefined : v;
    };
    const check = <T>(c: Column, parse: (v: string) => T | undefined, what: string): T | undefined => {
      const v = cell(c);
      if (v === undefined) return undefined;
      const parsed = parse(v);
      if (parsed === undefined) problems.push(`${c} "${v.slice(0, 50)}" is not ${what}`);
      return parsed;
    };
    const zodParse =
      <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }) =>
      (v: string) => {
        const r = schema.safeParse(v);
        return r.success ? r.data : undefined;
      };
    const text = (max: number) => (v: string) => (v.length <= max ? v : undefined);
    const integer = (max: number) => (v: string) => (/^\d{1,9}$/.test(v) && Number(v) <= max ? Number(v) : undefined);
    const money = (v: string) => {
      const fen = yuanToFen(v);
      return fen !== undefined && fen <= 100_000_000 ? fen : undefined;
    };

    const skuCode = check('sku_code', zodParse(SkuCode), 'a SKU code (printable, no spaces, at most 64 characters)');
    if (cell('sku_code') === undefined) problems.push('sku_code is required');
    const specCell = cell('spec_values');
    let spec: Draft['spec'];
    if (specCell !== undefined) {
      const parsed = parseSpecValues(specCell);
      if (typeof parsed === 'string') problems.push(parsed);
      else if (!SpecValues.safeParse(parsed.values).success) problems.push('spec names may not contain colons or semicolons');
      else spec = parsed;
    }
    const draft: Draft = {
      line: record.line,
      skuCode: skuCode ?? cell('sku_code') ?? '',
      productId: check('product_id', text(64), 'an id'),
      productTitle: check('product_title', text(200), 'a title of at most 200 characters'),
      skuTitle: check('sku_title', text(200), 'a title of at most 200 characters'),
      spec,
      priceFen: check('price', money, 'a price in yuan such as 12.50 (at most 1000000.00)'),
      costFen: check('cost', money, 'a cost in yuan such as 8.00'),
      barcode: check('barcode', text(64), 'a barcode of at most 64 characters'),
      weightGrams: check('weight_grams', integer(1_000_000), 'a whole number of grams'),
      status: check('status', zodParse(ProductStatus), 'draft, listed or delisted'),
      skuStatus: check('sku_status', zodParse(SkuStatus), 'active or disabled'),
      stock: index.has('stock')
        ? check('stock', integer(1_000_000), 'a whole number from 0 to 1000000')
        : check('available', integer(1_000_000), 'a whole number from 0 to 1000000'),
    };
    if (problems.length) errors.set(record.line, problems);
    drafts.push(draft);
  }
  return { drafts, errors, ignoredColumns };
}
