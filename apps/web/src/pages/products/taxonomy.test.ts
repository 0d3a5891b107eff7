import type { CategoryView } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { categoryPath, categoryTree } from './taxonomy';

const category = (id: string, name: string, parentId: string | null = null): CategoryView => ({ id, name, parentId, sort: 0, createdAt: 0 });

describe('categories', () => {
  const flat = [category('a', '服装'), category('b', '女装', 'a'), category('c', '衬衫', 'b'), category('d', '食品'), category('x', '孤儿', 'gone')];

  it('builds the tree from parent ids, keeping categories whose parent is unknown at the top', () => {
    const tree = categoryTree(flat);
    expect(tree.map((n) => n.title)).toEqual(['服装', '食品', '孤儿']);
    expect(tree[0]?.children?.[0]?.children?.[0]?.title).toBe('衬衫');
    expect(tree[1]?.children).toBeUndefined();
  });

  it('survives a cycle', () => {
    expect(() => categoryTree([category('p', 'P', 'q'), category('q', 'Q', 'p'), category('r', 'R')])).not.toThrow();
  });

  it('names a category by its path', () => {
    expect(categoryPath(flat, 'c')).toBe('服装 / 女装 / 衬衫');
    expect(categoryPath(flat, null)).toBeNull();
    expect(categoryPath(flat, 'nope')).toBeNull();
  });
});
