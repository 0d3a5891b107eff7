import type { SpecAttribute, SpecValues } from '@livedesk/contracts';

/** One problem with one SKU's place in the matrix, reported back with its index in the request. */
export interface MatrixIssue {
  index: number;
  skuCode: string;
  message: string;
}

export interface MatrixSku {
  skuCode: string;
  specValues: SpecValues;
  /** disabled SKUs keep whatever cell they had: they cannot be deleted, so an axis may move past them */
  disabled?: boolean;
}

const cellKey = (attributes: SpecAttribute[], values: SpecValues) => JSON.stringify(attributes.map((a) => values[a.name]));

/**
 * With spec attributes, every active SKU must sit in one cell of their product (颜色 × 尺码 …) and no
 * two active SKUs in the same cell; without them, SKUs carry no spec values. Returns every problem.
 */
export function matrixIssues(attributes: SpecAttribute[], skus: MatrixSku[]): MatrixIssue[] {
  const issues: MatrixIssue[] = [];
  const taken = new Map<string, { index: number; skuCode: string }>();
  skus.forEach((sku, index) => {
    if (sku.disabled) return;
    const issue = (message: string) => issues.push({ index, skuCode: sku.skuCode, message });
    const names = Object.keys(sku.specValues);
    if (attributes.length === 0) {
      if (names.length > 0) issue('specValues need specAttributes on the product');
      return;
    }
    let fits = true;
    for (const attribute of attributes) {
      const value = sku.specValues[attribute.name];
      if (value === undefined) {
        issue(`missing a value for ${attribute.name}`);
        fits = false;
      } else if (!attribute.values.includes(value)) {
        issue(`${attribute.name} "${value}" is not one of ${attribute.values.join(', ')}`);
        fits = false;
      }
    }
    for (const name of names) {
      if (!attributes.some((a) => a.name === name)) {
        issue(`${name} is not a spec attribute of the product`);
        fits = false;
      }
    }
    if (!fits) return;
    const key = cellKey(attributes, sku.specValues);
    const first = taken.get(key);
    if (first) issue(`same spec values as SKU ${first.skuCode}`);
    else taken.set(key, { index, skuCode: sku.skuCode });
  });
  return issues;
}

/** A SKU's title when none is given: its spec values in attribute order ("红 / M"), else the product's title. */
export function defaultSkuTitle(attributes: SpecAttribute[], values: SpecValues, productTitle: string): string {
  const parts = attributes.map((a) => values[a.name]).filter((v): v is string => v !== undefined);
  return parts.length ? parts.join(' / ') : productTitle;
}

/** Spec values as one spreadsheet cell, `颜色:红;尺码:M`, in attribute order. */
export function formatSpecValues(values: SpecValues, attributes: SpecAttribute[] = []): string {
  const order = [...attributes.map((a) => a.name), ...Object.keys(values).filter((k) => !attributes.some((a) => a.name === k))];
  return order
    .filter((name) => values[name] !== undefined)
    .map((name) => `${name}:${values[name]}`)
    .join(';');
}

/** The reverse of `formatSpecValues`; a string describing the problem when the cell is malformed. */
export function parseSpecValues(cell: string): { values: SpecValues; names: string[] } | string {
  const values: SpecValues = {};
  const names: string[] = [];
  for (const part of cell.split(/[;；]/)) {
    if (part.trim() === '') continue;
    const colon = part.search(/[:：]/);
    if (colon < 0) return `spec value "${part.trim()}" is not name:value`;
    const name = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim();
    if (!name || !value) return `spec value "${part.trim()}" is not name:value`;
    if (name.length > 30 || value.length > 30) return 'spec names and values are at most 30 characters';
    if (values[name] !== undefined) return `spec ${name} appears twice`;
    values[name] = value;
    names.push(name);
  }
  if (names.length > 5) return 'at most 5 spec values';
  return { values, names };
}
