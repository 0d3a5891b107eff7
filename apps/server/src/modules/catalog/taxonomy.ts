import type { BrandBody, BrandView, CategoryView, CreateCategoryBody, UpdateCategoryBody } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { BrandRow, CategoryRow } from '../../infra/db/database.js';
import type { Db, DbExecutor } from '../../infra/db/port.js';
import type { AuditService } from '../audit/service.js';
import { isBrandNameClash } from './constraint.js';
import { catalogRepo } from './repo.js';
import { brandView, categoryView, changesOf } from './views.js';

/** `rootId` and every category below it. */
export function subtree(categories: Pick<CategoryRow, 'id' | 'parent_id'>[], rootId: string): string[] {
  const children = new Map<string, string[]>();
  for (const c of categories) {
    if (c.parent_id === null) continue;
    children.set(c.parent_id, [...(children.get(c.parent_id) ?? []), c.id]);
  }
  if (!categories.some((c) => c.id === rootId)) return [];
  const out: string[] = [];
  const queue = [rootId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    out.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return out;
}

/** A product's references must name a category and a brand of the product's own org. */
export async function assertTaxonomy(db: DbExecutor, orgId: string, refs: { categoryId?: string | null; brandId?: string | null }) {
  if (refs.categoryId && !(await catalogRepo.categoryById(db, orgId, refs.categoryId))) {
    throw validationError('Unknown category', { field: 'categoryId', categoryId: refs.categoryId });
  }
  if (refs.brandId && !(await catalogRepo.brandById(db, orgId, refs.brandId))) {
    throw validationError('Unknown brand', { field: 'brandId', brandId: refs.brandId });
  }
}

/** Categories (a tree through `parentId`) and brands. */
export class TaxonomyService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Flat, ordered by `sort` then name; the console builds the tree from `parentId`. */
  async categories(actor: Actor): Promise<CategoryView[]> {
    return (await catalogRepo.categories(this.db.kysely, actor.orgId)).map(categoryView);
  }

  async createCategory(actor: Actor, body: CreateCategoryBody): Promise<CategoryView> {
    const row: CategoryRow = {
      id: newId(),
      org_id: actor.orgId,
      parent_id: body.parentId ?? null,
      name: body.name,
      sort: body.sort ?? 0,
      created_at: this.clock.now(),
    };
    await this.audit.transaction(actor, async (tx, record) => {
      const all = await catalogRepo.categories(tx, actor.orgId);
      if (row.parent_id !== null && !all.some((c) => c.id === row.parent_id)) {
        throw validationError('Unknown parent category', { field: 'parentId', parentId: row.parent_id });
      }
      assertSiblingNameFree(all, row);
      await catalogRepo.insertCategory(tx, row);
      await record({
        action: 'category.create',
        targetType: 'category',
        targetId: row.id,
        changes: changesOf({}, { name: row.name, parentId: row.parent_id, sort: row.sort }),
      });
    });
    return categoryView(row);
  }

  async updateCategory(actor: Actor, id: string, body: UpdateCategoryBody): Promise<CategoryView> {
    return this.audit.transaction(actor, async (tx, record) => {
      const all = await catalogRepo.categories(tx, actor.orgId);
      const row = all.find((c) => c.id === id);
      if (!row) throw notFound('Category', id);
      if (body.parentId) {
        if (!all.some((c) => c.id === body.parentId)) throw validationError('Unknown parent category', { field: 'parentId', parentId: body.parentId });
        if (subtree(all, id).includes(body.parentId)) {
          throw validationError('A category cannot move under itself or its own subcategory', { field: 'parentId' });
        }
      }
      const next: CategoryRow = {
        ...row,
        name: body.name ?? row.name,
        parent_id: body.parentId === undefined ? row.parent_id : body.parentId,
        sort: body.sort ?? row.sort,
      };
      assertSiblingNameFree(all, next);
      const changes = changesOf(
        { name: row.name, parentId: row.parent_id, sort: row.sort },
        { name: next.name, parentId: next.parent_id, sort: next.sort },
      );
      if (changes.length) {
        await catalogRepo.updateCategory(tx, actor.orgId, id, { name: next.name, parent_id: next.parent_id, sort: next.sort });
        await record({ action: 'category.update', targetType: 'category', targetId: id, changes });
      }
      return categoryView(next);
    });
  }

  /** Refused while products or subcategories use it: the shop decides where they go, not us. */
  async deleteCategory(actor: Actor, id: string): Promise<void> {
    await this.audit.transaction(actor, async (tx, record) => {
      const row = await catalogRepo.categoryById(tx, actor.orgId, id);
      if (!row) throw notFound('Category', id);
      const use = await catalogRepo.categoryUse(tx, actor.orgId, id);
      if (use.products > 0 || use.children > 0) {
        throw conflict('The category still has products or subcategories', use);
      }
      await catalogRepo.deleteCategory(tx, actor.orgId, id);
      await record({ action: 'category.delete', targetType: 'category', targetId: id, changes: [{ field: 'name', from: row.name, to: null }] });
    });
  }

  async brands(actor: Actor): Promise<BrandView[]> {
    return (await catalogRepo.brands(this.db.kysely, actor.orgId)).map(brandView);
  }

  async createBrand(actor: Actor, body: BrandBody): Promise<BrandView> {
    const row: BrandRow = { id: newId(), org_id: actor.orgId, name: body.name, logo_key: null, created_at: this.clock.now() };
    await this.brandNameUnique(body.name, () =>
      this.audit.transaction(actor, async (tx, record) => {
        if (await catalogRepo.brandByName(tx, actor.orgId, body.name)) throw brandTaken(body.name);
        await catalogRepo.insertBrand(tx, row);
        await record({ action: 'brand.create', targetType: 'brand', targetId: row.id, changes: [{ field: 'name', from: null, to: row.name }] });
      }),
    );
    return brandView(row);
  }

  async updateBrand(actor: Actor, id: string, body: BrandBody): Promise<BrandView> {
    return this.brandNameUnique(body.name, () =>
      this.audit.transaction(actor, async (tx, record) => {
        const row = await catalogRepo.brandById(tx, actor.orgId, id);
        if (!row) throw notFound('Brand', id);
        if (row.name === body.name) return brandView(row);
        const other = await catalogRepo.brandByName(tx, actor.orgId, body.name);
        if (other) throw brandTaken(body.name);
        await catalogRepo.updateBrand(tx, actor.orgId, id, { name: body.name });
        await record({ action: 'brand.update', targetType: 'brand', targetId: id, changes: [{ field: 'name', from: row.name, to: body.name }] });
        return brandView({ ...row, name: body.name });
      }),
    );
  }

  async deleteBrand(actor: Actor, id: string): Promise<void> {
    await this.audit.transaction(actor, async (tx, record) => {
      const row = await catalogRepo.brandById(tx, actor.orgId, id);
      if (!row) throw notFound('Brand', id);
      const products = await catalogRepo.brandUse(tx, actor.orgId, id);
      if (products > 0) throw conflict('The brand is still used by products', { products });
      await catalogRepo.deleteBrand(tx, actor.orgId, id);
      await record({ action: 'brand.delete', targetType: 'brand', targetId: id, changes: [{ field: 'name', from: row.name, to: null }] });
    });
  }

  private async brandNameUnique<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isBrandNameClash(err)) throw brandTaken(name);
      throw err;
    }
  }
}

const brandTaken = (name: string) => conflict('A brand with this name exists', { name });

function assertSiblingNameFree(all: CategoryRow[], row: CategoryRow) {
  const clash = all.find((c) => c.id !== row.id && c.parent_id === row.parent_id && c.name === row.name);
  if (clash) throw conflict('A category with this name exists at that level', { name: row.name, id: clash.id });
}
