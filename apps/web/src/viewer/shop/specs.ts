import type { LineupSkuView } from '@livedesk/contracts';

/** A spec attribute (颜色, 尺码…) and its values, in the order the SKUs list them. */
export interface SpecOption {
  name: string;
  values: string[];
}

export type Selection = Record<string, string>;

export function specOptions(skus: readonly LineupSkuView[]): SpecOption[] {
  const options: SpecOption[] = [];
  for (const sku of skus) {
    for (const [name, value] of Object.entries(sku.specs)) {
      let option = options.find((o) => o.name === name);
      if (!option) options.push((option = { name, values: [] }));
      if (!option.values.includes(value)) option.values.push(value);
    }
  }
  return options;
}

const matches = (sku: LineupSkuView, selection: Selection) => Object.entries(selection).every(([name, value]) => sku.specs[name] === value);

/** The SKU the selection names, once every attribute is chosen. */
export function selectedSku(skus: readonly LineupSkuView[], selection: Selection): LineupSkuView | undefined {
  const names = specOptions(skus).map((o) => o.name);
  if (names.some((name) => !(name in selection))) return undefined;
  return skus.find((sku) => matches(sku, selection));
}

/** Whether choosing `value` for `name` (keeping the other choices) can still lead to a SKU in stock. */
export function canChoose(skus: readonly LineupSkuView[], selection: Selection, name: string, value: string): boolean {
  const next = { ...selection, [name]: value };
  return skus.some((sku) => sku.available > 0 && matches(sku, next));
}

/** Toggles a value: choosing the chosen value again clears it, as in the shopping apps. */
export function choose(selection: Selection, name: string, value: string): Selection {
  if (selection[name] === value) {
    const { [name]: _cleared, ...rest } = selection;
    return rest;
  }
  return { ...selection, [name]: value };
}

/** What is chosen at the start: every attribute with a single value (a one-SKU product is ready to buy). */
export function initialSelection(skus: readonly LineupSkuView[]): Selection {
  return Object.fromEntries(specOptions(skus).filter((o) => o.values.length === 1).map((o) => [o.name, o.values[0]!]));
}
