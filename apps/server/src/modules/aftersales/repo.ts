import type { AftersalesLineRow, AftersalesRow } from '../../infra/db/database.js';
import type { DbExecutor } from '../../infra/db/port.js';
import { isUniqueViolation } from '../fulfillment/repo.js';

export type CaseRow = AftersalesRow & { order_no: string };

export interface CaseLineRow {
  aftersales_id: string;
  order_line_id: string;
  quantity: number;
  sku_id: string;
  sku_code: string;
  product_title: string;
  sku_title: string;
  unit_price_fen: number;
}

/** Cases that still claim their units: open ones, and refunded ones (the units are paid back). */
export const OPEN_STATUSES = ['requested', 'approved', 'return_shipped', 'received'];
/** `disposition` of a refund_only case for units that had not shipped when it was requested. */
export const NOT_SHIPPED = 'not_shipped';

/** Sorts cases without an SLA after every dated one, the same way on both databases. */
const NO_SLA = 9_000_000_000_000_000;

export const aftersalesRepo = {
  /** False when the case number is taken (the caller draws another). */
  async insertCase(db: DbExecutor, row: AftersalesRow, lines: AftersalesLineRow[]): Promise<boolean> {
    try {
      await db.insertInto('aftersales').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    await db.insertInto('aftersales_lines').values(lines).execute();
    return true;
  },

  async byId(db: DbExecutor, orgId: string, id: string): Promise<CaseRow | undefined> {
    return db
      .selectFrom('aftersales as a')
      .innerJoin('orders as o', 'o.id', 'a.order_id')
      .selectAll('a')
      .select('o.order_no')
      .where('a.org_id', '=', orgId)
      .where('a.id', '=', id)
      .executeTakeFirst();
  },

  /** Every case of an order with its lines: what the quantity caps are computed from. */
  async ofOrder(db: DbExecutor, orderId: string): Promise<{ cases: AftersalesRow[]; lines: AftersalesLineRow[] }> {
    const cases = await db.selectFrom('aftersales').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute();
    const lines = cases.length
      ? await db.selectFrom('aftersales_lines').selectAll().where('aftersales_id', 'in', cases.map((c) => c.id)).execute()
      : [];
    return { cases, lines };
  },

  async lines(db: DbExecutor, caseIds: string[]): Promise<CaseLineRow[]> {
    if (!caseIds.length) return [];
    return db
      .selectFrom('aftersales_lines as al')
      .innerJoin('order_lines as l', 'l.id', 'al.order_line_id')
      .select(['al.aftersales_id', 'al.order_line_id', 'al.quantity', 'l.sku_id', 'l.sku_code', 'l.product_title', 'l.sku_title', 'l.unit_price_fen'])
      .where('al.aftersales_id', 'in', caseIds)
      .orderBy('al.order_line_id')
      .execute();
  },

  /**
   * The compare-and-set of every case step: moves only from the status the caller saw. Zero rows means
   * someone (a colleague, the buyer, the auto-approver) moved it first.
   */
  async transition(db: DbExecutor, id: string, from: string, patch: Partial<AftersalesRow> & { status: string; updated_at: number }): Promise<boolean> {
    const res = await db.updateTable('aftersales').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /** The staff queue: most urgent SLA first, cases without one last. */
  async queue(
    db: DbExecutor,
    orgId: string,
    filter: { status?: string; type?: string; orderId?: string; limit: number },
    after: { sla: number; id: string } | undefined,
  ): Promise<(CaseRow & { sla_key: number })[]> {
    let q = db
      .selectFrom('aftersales as a')
      .innerJoin('orders as o', 'o.id', 'a.order_id')
      .selectAll('a')
      .select('o.order_no')
      .select((eb) => eb.fn.coalesce('a.sla_due_at', eb.lit(NO_SLA)).as('sla_key'))
      .where('a.org_id', '=', orgId);
    if (filter.status) q = q.where('a.status', '=', filter.status);
    if (filter.type) q = q.where('a.type', '=', filter.type);
    if (filter.orderId) q = q.where('a.order_id', '=', filter.orderId);
    if (after) {
      q = q.where((eb) => {
        const key = eb.fn.coalesce('a.sla_due_at', eb.lit(NO_SLA));
        return eb.or([eb(key, '>', after.sla), eb.and([eb(key, '=', after.sla), eb('a.id', '>', after.id)])]);
      });
    }
    const rows = await q
      .orderBy((eb) => eb.fn.coalesce('a.sla_due_at', eb.lit(NO_SLA)))
      .orderBy('a.id')
      .limit(filter.limit + 1)
      .execute();
    return rows.map((r) => ({ ...r, sla_key: Number(r.sla_key) }));
  },

  /** A buyer's own cases, newest first. */
  async ofBuyer(db: DbExecutor, orgId: string, buyerId: string, limit: number, before: { createdAt: number; id: string } | undefined): Promise<CaseRow[]> {
    let q = db
      .selectFrom('aftersales as a')
      .innerJoin('orders as o', 'o.id', 'a.order_id')
      .selectAll('a')
      .select('o.order_no')
      .where('a.org_id', '=', orgId)
      .where('a.buyer_id', '=', buyerId);
    if (before) {
      q = q.where((eb) =>
        eb.or([eb('a.created_at', '<', before.createdAt), eb.and([eb('a.created_at', '=', before.createdAt), eb('a.id', '<', before.id)])]),
      );
    }
    return q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(limit + 1).execute();
  },

  /** Units of each order line named by unshipped refund_only cases that are open or refunded, by case status. */
  async unshippedClaims(db: DbExecutor, orderIds: string[]): Promise<{ order_line_id: string; status: string; units: number }[]> {
    if (!orderIds.length) return [];
    const rows = await db
      .selectFrom('aftersales_lines as al')
      .innerJoin('aftersales as a', 'a.id', 'al.aftersales_id')
      .select(['al.order_line_id', 'a.status'])
      .select((eb) => eb.fn.sum<number>('al.quantity').as('units'))
      .where('a.order_id', 'in', [...new Set(orderIds)])
      .where('a.disposition', '=', NOT_SHIPPED)
      .where('a.status', 'in', ['requested', 'approved', 'refunded'])
      .groupBy(['al.order_line_id', 'a.status'])
      .execute();
    return rows.map((r) => ({ ...r, units: Number(r.units) }));
  },

  /** Requested cases whose org auto-approves and whose wait has run out, oldest first. */
  async dueForAutoApproval(db: DbExecutor, now: number, limit: number): Promise<{ id: string; org_id: string }[]> {
    return db
      .selectFrom('aftersales as a')
      .innerJoin('commerce_settings as s', 's.org_id', 'a.org_id')
      .select(['a.id', 'a.org_id'])
      .where('a.status', '=', 'requested')
      .where('s.aftersales_auto_approve_ms', 'is not', null)
      .where((eb) => eb(eb('a.created_at', '+', eb.ref('s.aftersales_auto_approve_ms')), '<=', now))
      .orderBy('a.created_at')
      .orderBy('a.id')
      .limit(limit)
      .execute();
  },

  async autoApproveMs(db: DbExecutor, orgId: string): Promise<number | null> {
    const row = await db.selectFrom('commerce_settings').select('aftersales_auto_approve_ms').where('org_id', '=', orgId).executeTakeFirst();
    return row?.aftersales_auto_approve_ms ?? null;
  },
};
