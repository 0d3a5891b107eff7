import type { CategoryView } from '@livedesk/contracts';

export interface CategoryNode {
  value: string;
  title: string;
  key: string;
  category: CategoryView;
  children?: CategoryNode[];
}

/** The flat category list (ordered by sort, then name) as a tree, for TreeSelect and tree tables. */
export function categoryTree(categories: CategoryView[]): CategoryNode[] {
  const byParent = new Map<string | null, CategoryView[]>();
  const known = new Set(categories.map((c) => c.id));
  for (const category of categories) {
    // A parent outside the list (should not happen) puts the category at the top rather than losing it.
    const parent = category.parentId !== null && known.has(category.parentId) ? category.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), category]);
  }
  const build = (parent: string | null, seen: Set<string>): CategoryNode[] =>
    (byParent.get(parent) ?? [])
      .filter((category) => !seen.has(category.id))
      .map((category) => {
        const children = build(category.id, new Set([...seen, category.id]));
        return {
          value: category.id,
          key: category.id,
          title: category.name,
          category,
          ...(children.length ? { children } : {}),
        };
      });
  return build(null, new Set());
}

/** `服装 / 女装 / 衬衫` for a category id; null when unknown. */
export function categoryPath(categories: CategoryView[], id: string | null): string | null {
  if (id === null) return null;
  const byId = new Map(categories.map((c) => [c.id, c]));
  const names: string[] = [];
  const seen = new Set<string>();
  for (let current = byId.get(id); current && !seen.has(current.id); current = current.parentId ? byId.get(current.parentId) : undefined) {
    seen.add(current.id);
    names.unshift(current.name);
  }
  return names.length ? names.join(' / ') : null;
}
