import type { CreateSkuInput, SkuStatus, SkuUpsert, SkuView, SpecAttribute, SpecValues } from '@livedesk/contracts';
import { fenToYuanInput, parseYuan } from '../../lib/money';

/** One axis as the editor holds it, possibly half typed. */
export interface SpecDraft {
  name: string;
  values: string[];
}

/** One row of the SKU matrix in the editor; prices are the yuan text typed, converted to fen on save. */
export interface SkuDraft {
  /** stable row key for React and the table */
  key: string;
  /** set for SKUs that already exist on the server */
  id?: string;
  specValues: SpecValues;
  skuCode: string;
  price: string | null;
  cost: string | null;
  barcode: string;
  weightGrams: number | null;
  /** new SKUs only: received into stock on save */
  stock: number | null;
  status: SkuStatus;
  /** existing SKUs: what is available now, summed over warehouses */
  available?: number;
  /** an existing SKU whose cell left the matrix: SKUs are never deleted, so it stays, disabled */
  outside?: boolean;
}

let keySeq = 0;
const newKey = () => `new-${++keySeq}`;

/** The axes that count: named, with at least one value; names and values trimmed and without repeats. */
export function usableAttributes(specs: SpecDraft[]): SpecAttribute[] {
  const seen = new Set<string>();
  const out: SpecAttribute[] = [];
  for (const spec of specs) {
    const name = spec.name.trim();
    const values = [...new Set(spec.values.map((v) => v.trim()).filter((v) => v !== ''))];
    if (!name || values.length === 0 || seen.has(name)) continue;
    seen.add(name);
    out.push({ name, values });
  }
  return out;
}

/** Every cell of the matrix, first axis slowest: 颜色 × 尺码 → 红/S, 红/M, 蓝/S, 蓝/M. */
export function combinations(attributes: SpecAttribute[]): SpecValues[] {
  let cells: SpecValues[] = [{}];
  for (const attribute of attributes) {
    cells = cells.flatMap((cell) => attribute.values.map((value) => ({ ...cell, [attribute.name]: value })));
  }
  return cells;
}

export const cellKey = (attributes: SpecAttribute[], values: SpecValues): string =>
  JSON.stringify(attributes.map((a) => values[a.name] ?? null));

/** A row fits a cell when they agree on every axis both of them have (so adding an axis keeps the rows). */
const compatible = (values: SpecValues, cell: SpecValues): boolean =>
  Object.entries(values).every(([name, value]) => !(name in cell) || cell[name] === value);

export const blankSku = (specValues: SpecValues): SkuDraft => ({
  key: newKey(),
  specValues,
  skuCode: '',
  price: null,
  cost: null,
  barcode: '',
  weightGrams: null,
  stock: null,
  status: 'active',
});

/**
 * The rows for `attributes`: each cell takes the row already there for it (same values), else one that
 * fits it (an axis was added or removed), else a blank one. Existing SKUs left without a cell stay at
 * the end, disabled; new rows left without one are dropped.
 */
export function rebuildMatrix(attributes: SpecAttribute[], previous: SkuDraft[]): SkuDraft[] {
  const cells = combinations(attributes);
  const unused = new Set(previous);
  const chosen = new Map<number, SkuDraft>();

  const byKey = new Map<string, SkuDraft>();
  for (const row of previous) {
    const key = cellKey(attributes, row.specValues);
    const complete = attributes.every((a) => row.specValues[a.name] !== undefined);
    if (complete && Object.keys(row.specValues).length === attributes.length && !byKey.has(key)) byKey.set(key, row);
  }
  cells.forEach((cell, index) => {
    const exact = byKey.get(cellKey(attributes, cell));
    if (exact && unused.has(exact)) {
      chosen.set(index, exact);
      unused.delete(exact);
    }
  });
  cells.forEach((cell, index) => {
    if (chosen.has(index)) return;
    // Existing SKUs first: keeping them in the matrix beats keeping an unsaved row.
    const candidates = [...unused].sort((a, b) => Number(b.id !== undefined) - Number(a.id !== undefined));
    const fit = candidates.find((row) => !row.outside && compatible(row.specValues, cell));
    if (fit) {
      chosen.set(index, fit);
      unused.delete(fit);
    }
  });

  const rows = cells.map((cell, index): SkuDraft => {
    const row = chosen.get(index);
    if (!row) return blankSku(cell);
    const wasOutside = row.outside === true;
    return { ...row, specValues: cell, outside: false, status: wasOutside ? 'active' : row.status };
  });
  const leftOver = [...unused]
    .filter((row) => row.id !== undefined)
    .map((row): SkuDraft => ({ ...row, outside: true, status: 'disabled' }));
  return [...rows, ...leftOver];
}

/** Rows for the SKUs of a product being edited, in matrix order. */
export function draftsFromSkus(attributes: SpecAttribute[], skus: SkuView[]): SkuDraft[] {
  const drafts = skus.map(
    (sku): SkuDraft => ({
      key: sku.id,
      id: sku.id,
      specValues: sku.specValues,
      skuCode: sku.skuCode,
      price: fenToYuanInput(sku.priceFen),
      cost: sku.costFen === null ? null : fenToYuanInput(sku.costFen),
      barcode: sku.barcode ?? '',
      weightGrams: sku.weightGrams,
      stock: null,
      status: sku.status,
      available: sku.available,
    }),
  );
  // Disabled SKUs may sit outside the current axes; they keep their values and stay disabled.
  const inMatrix = new Set(combinations(attributes).map((cell) => cellKey(attributes, cell)));
  const fits = (d: SkuDraft) =>
    Object.keys(d.specValues).length === attributes.length && inMatrix.has(cellKey(attributes, d.specValues));
  const ordered = rebuildMatrix(attributes, drafts.filter(fits));
  const outside = drafts.filter((d) => !fits(d)).map((d): SkuDraft => ({ ...d, outside: true, status: 'disabled' }));
  return [...ordered, ...outside];
}

export type SkuProblem = 'codeRequired' | 'codeInvalid' | 'codeDuplicate' | 'priceRequired' | 'priceInvalid' | 'costInvalid';

const codePattern = /^[^\s\p{C}]{1,64}$/u;

/** What stops each row from being saved, by row key; an empty map means the matrix can be saved. */
export function skuProblems(rows: SkuDraft[]): Map<string, SkuProblem[]> {
  const problems = new Map<string, SkuProblem[]>();
  const codes = new Map<string, number>();
  for (const row of rows) {
    const code = row.skuCode.trim();
    if (code) codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  for (const row of rows) {
    const found: SkuProblem[] = [];
    const code = row.skuCode.trim();
    if (!code) found.push('codeRequired');
    else if (!codePattern.test(code)) found.push('codeInvalid');
    else if ((codes.get(code) ?? 0) > 1) found.push('codeDuplicate');
    if (row.price === null || row.price.trim() === '') found.push('priceRequired');
    else if (parseYuan(row.price) === null || (parseYuan(row.price) ?? 0) > 100_000_000) found.push('priceInvalid');
    if (row.cost !== null && row.cost.trim() !== '' && parseYuan(row.cost) === null) found.push('costInvalid');
    if (found.length) problems.set(row.key, found);
  }
  return problems;
}

const fenOrUndefined = (yuan: string | null): number | undefined => {
  if (yuan === null || yuan.trim() === '') return undefined;
  return parseYuan(yuan) ?? undefined;
};

/** For `POST /catalog/products`: call only once `skuProblems` is empty. */
export function toCreateSkus(rows: SkuDraft[]): CreateSkuInput[] {
  return rows.map((row) => ({
    skuCode: row.skuCode.trim(),
    priceFen: parseYuan(row.price) ?? 0,
    stock: row.stock ?? 0,
    ...(Object.keys(row.specValues).length ? { specValues: row.specValues } : {}),
    ...(fenOrUndefined(row.cost) !== undefined ? { costFen: fenOrUndefined(row.cost) } : {}),
    ...(row.barcode.trim() ? { barcode: row.barcode.trim() } : {}),
    ...(row.weightGrams !== null ? { weightGrams: row.weightGrams } : {}),
  }));
}

/** For `PUT /catalog/products/:id/skus`: every existing SKU plus the new ones; null clears a field. */
export function toUpsertSkus(rows: SkuDraft[]): SkuUpsert[] {
  return rows.map((row): SkuUpsert => {
    const common = {
      skuCode: row.skuCode.trim(),
      priceFen: parseYuan(row.price) ?? 0,
      specValues: row.specValues,
      status: row.status,
    };
    if (row.id !== undefined) {
      return {
        ...common,
        id: row.id,
        costFen: fenOrUndefined(row.cost) ?? null,
        barcode: row.barcode.trim() || null,
        weightGrams: row.weightGrams,
      };
    }
    return {
      ...common,
      ...(fenOrUndefined(row.cost) !== undefined ? { costFen: fenOrUndefined(row.cost) } : {}),
      ...(row.barcode.trim() ? { barcode: row.barcode.trim() } : {}),
      ...(row.weightGrams !== null ? { weightGrams: row.weightGrams } : {}),
      ...(row.stock ? { stock: row.stock } : {}),
    };
  });
}

/** `PREFIX-01`, `PREFIX-02`, … for rows without a code yet. */
export function fillCodes(rows: SkuDraft[], prefix: string): SkuDraft[] {
  const base = prefix.trim();
  if (!base) return rows;
  const taken = new Set(rows.map((r) => r.skuCode.trim()).filter(Boolean));
  let n = 0;
  return rows.map((row) => {
    if (row.skuCode.trim() || row.outside) return row;
    let code: string;
    do {
      n += 1;
      code = `${base}-${String(n).padStart(2, '0')}`;
    } while (taken.has(code));
    taken.add(code);
    return { ...row, skuCode: code };
  });
}
