import type { CommentItem, StoredEvent } from '@livedesk/contracts';

export const MINUTE_MS = 60_000;
export const minuteOf = (ts: number): number => Math.floor(ts / MINUTE_MS) * MINUTE_MS;
export const identityOf = (event: Pick<StoredEvent, 'userId' | 'anonymousId'>): string => event.userId ?? event.anonymousId;

/**
 * What an identity did, by the minutes it did it in: enough to count people in any minute-aligned window.
 * Entering is read from the presence marks and paying from the paid orders, so neither is kept twice.
 */
export const identityKinds = ['follow', 'interaction', 'exposure', 'click', 'cart', 'orderCreate'] as const;
export type IdentityKind = (typeof identityKinds)[number];

/** Per-minute counts of events (the MinuteBucket fields that are not derived from orders or presence, and refunds). */
export const counterNames = ['enters', 'leaves', 'comments', 'likes', 'shares', 'productClicks', 'cartAdds', 'refundFen'] as const;
export type CounterName = (typeof counterNames)[number];
export type Counters = Record<CounterName, number>;

export interface Person {
  /**
   * Presence marks in event-time order, each `ts * 2 + (leave ? 1 : 0)`. Marks with the same ts keep
   * their arrival order (a reconnect's leave and enter in one millisecond must stay leave-then-enter).
   */
  marks: number[];
  kinds: Partial<Record<IdentityKind, number[]>>;
}

export interface OrderLine {
  productId: string | null;
  quantity: number;
  priceFen: number | null;
}

export interface PaidOrder {
  /** the earliest order.pay seen for the order: a resend or the same order from two sources counts once */
  ts: number;
  identity: string;
  amountFen: number;
  lines: OrderLine[];
}

export interface ProductActivity {
  exposure: Set<string>;
  click: Set<string>;
  cart: Set<string>;
  clicksByMinute: Map<number, number>;
}

export const COMMENTS_KEPT = 50;
const ENTER = 0;
const LEAVE = 1;
export const markTs = (mark: number): number => Math.floor(mark / 2);
export const isLeave = (mark: number): boolean => mark % 2 === LEAVE;

/** The event types that change a show's numbers; anything else (gifts, custom events) is ignored. */
const countedTypes = new Set<string>([
  'room.enter', 'room.leave', 'comment', 'like', 'share', 'follow',
  'product.exposure', 'product.click', 'cart.add', 'order.create', 'order.pay', 'order.refund',
]);
export const isCounted = (type: string): boolean => countedTypes.has(type);

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const whole = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fallback;

/** First index whose value is greater than `value` in an ascending array (by `key`). */
function upperBound(values: readonly number[], value: number, key: (v: number) => number = (v) => v): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(values[mid]!) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertUnique(values: number[], value: number): boolean {
  const at = upperBound(values, value);
  if (at > 0 && values[at - 1] === value) return false;
  values.splice(at, 0, value);
  return true;
}

const emptyCounters = (): Counters => ({ enters: 0, leaves: 0, comments: 0, likes: 0, shares: 0, productClicks: 0, cartAdds: 0, refundFen: 0 });

/**
 * Everything the aggregator keeps about one show: only events already accepted for it (inside its live
 * window, refunds after the start), plus the events held until the clock reaches their time. From this,
 * `compute.ts` derives every metric for the whole show and for any minute-aligned window exactly.
 */
export class SessionState {
  readonly people = new Map<string, Person>();
  readonly minutes = new Map<number, Counters>();
  readonly orders = new Map<string, PaidOrder>();
  readonly products = new Map<string, ProductActivity>();
  /** the latest COMMENTS_KEPT comments, oldest first */
  comments: CommentItem[] = [];
  /** identities whose first paid order in the org is one of this show's, with that payment's time */
  readonly firstPays = new Map<string, number>();
  /** events stamped later than the aggregator's clock, decided once the clock passes them */
  pending: StoredEvent[] = [];

  constructor(
    readonly liveSessionId: string,
    readonly orgId: string,
  ) {}

  /** Records an event already accepted for this show; false when it changed nothing (a resent payment). */
  apply(event: StoredEvent): boolean {
    const identity = identityOf(event);
    const minute = minuteOf(event.ts);
    const props = event.props ?? {};
    switch (event.type) {
      case 'room.enter':
      case 'room.leave': {
        const leave = event.type === 'room.leave';
        const marks = this.person(identity).marks;
        marks.splice(upperBound(marks, event.ts, markTs), 0, event.ts * 2 + (leave ? LEAVE : ENTER));
        this.count(minute, leave ? 'leaves' : 'enters', 1);
        return true;
      }
      case 'comment':
        this.count(minute, 'comments', 1);
        this.did(identity, 'interaction', minute);
        this.keepComment({ id: event.id, ts: event.ts, identity, nickname: text(props.nickname), text: typeof props.text === 'string' ? props.text : '' });
        return true;
      case 'like':
        this.count(minute, 'likes', Math.max(1, whole(props.count, 1)));
        this.did(identity, 'interaction', minute);
        return true;
      case 'share':
        this.count(minute, 'shares', 1);
        this.did(identity, 'interaction', minute);
        return true;
      case 'follow':
        this.did(identity, 'follow', minute);
        return true;
      case 'product.exposure':
        this.did(identity, 'exposure', minute);
        this.product(props.productId)?.exposure.add(identity);
        return true;
      case 'product.click': {
        this.did(identity, 'click', minute);
        this.count(minute, 'productClicks', 1);
        const product = this.product(props.productId);
        if (product) {
          product.click.add(identity);
          product.clicksByMinute.set(minute, (product.clicksByMinute.get(minute) ?? 0) + 1);
        }
        return true;
      }
      case 'cart.add':
        this.did(identity, 'cart', minute);
        this.count(minute, 'cartAdds', 1);
        this.product(props.productId)?.cart.add(identity);
        return true;
      case 'order.create':
        this.did(identity, 'orderCreate', minute);
        return true;
      case 'order.pay':
        return this.pay(event, identity);
      case 'order.refund':
        this.count(minute, 'refundFen', whole(props.amountFen, 0));
        return true;
      default:
        return false;
    }
  }

  private pay(event: StoredEvent, identity: string): boolean {
    const props = event.props ?? {};
    const orderId = text(props.orderId);
    if (!orderId) return false;
    const known = this.orders.get(orderId);
    if (known && known.ts <= event.ts) return false;
    const items = Array.isArray(props.items) ? (props.items as Record<string, unknown>[]) : [];
    this.orders.set(orderId, {
      ts: event.ts,
      identity,
      amountFen: whole(props.amountFen, 0),
      lines: items.map((item) => ({
        productId: text(item.productId),
        quantity: whole(item.quantity, 0),
        priceFen: typeof item.priceFen === 'number' ? whole(item.priceFen, 0) : null,
      })),
    });
    return true;
  }

  private person(identity: string): Person {
    let person = this.people.get(identity);
    if (!person) this.people.set(identity, (person = { marks: [], kinds: {} }));
    return person;
  }

  private did(identity: string, kind: IdentityKind, minute: number): void {
    const person = this.person(identity);
    insertUnique((person.kinds[kind] ??= []), minute);
  }

  private count(minute: number, name: CounterName, by: number): void {
    let counters = this.minutes.get(minute);
    if (!counters) this.minutes.set(minute, (counters = emptyCounters()));
    counters[name] += by;
  }

  private product(productId: unknown): ProductActivity | null {
    const id = text(productId);
    if (!id) return null;
    let product = this.products.get(id);
    if (!product) this.products.set(id, (product = { exposure: new Set(), click: new Set(), cart: new Set(), clicksByMinute: new Map() }));
    return product;
  }

  private keepComment(comment: CommentItem): void {
    const at = upperBound(this.comments.map((c) => c.ts), comment.ts);
    if (at === 0 && this.comments.length >= COMMENTS_KEPT) return;
    this.comments.splice(at, 0, comment);
    if (this.comments.length > COMMENTS_KEPT) this.comments.shift();
  }

  serialise(): string {
    const json: StateJson = {
      v: 1,
      liveSessionId: this.liveSessionId,
      orgId: this.orgId,
      people: [...this.people].map(([identity, p]) => [identity, p.marks, p.kinds]),
      minutes: [...this.minutes].map(([minute, c]) => [minute, counterNames.map((name) => c[name])]),
      orders: [...this.orders].map(([orderId, o]) => [orderId, o.ts, o.identity, o.amountFen, o.lines.map((l) => [l.productId, l.quantity, l.priceFen])]),
      products: [...this.products].map(([productId, p]) => [productId, [...p.exposure], [...p.click], [...p.cart], [...p.clicksByMinute]]),
      comments: this.comments,
      firstPays: [...this.firstPays],
      pending: this.pending,
    };
    return JSON.stringify(json);
  }

  static parse(text: string): SessionState {
    const json = JSON.parse(text) as StateJson;
    if (json.v !== 1) throw new Error(`analytics: unknown session state version ${String(json.v)}`);
    const state = new SessionState(json.liveSessionId, json.orgId);
    for (const [identity, marks, kinds] of json.people) state.people.set(identity, { marks, kinds });
    for (const [minute, values] of json.minutes) {
      state.minutes.set(minute, Object.fromEntries(counterNames.map((name, i) => [name, values[i] ?? 0])) as Counters);
    }
    for (const [orderId, ts, identity, amountFen, lines] of json.orders) {
      state.orders.set(orderId, { ts, identity, amountFen, lines: lines.map(([productId, quantity, priceFen]) => ({ productId, quantity, priceFen })) });
    }
    for (const [productId, exposure, click, cart, clicks] of json.products) {
      state.products.set(productId, { exposure: new Set(exposure), click: new Set(click), cart: new Set(cart), clicksByMinute: new Map(clicks) });
    }
    state.comments = json.comments;
    for (const [identity, paidAt] of json.firstPays) state.firstPays.set(identity, paidAt);
    state.pending = json.pending;
    return state;
  }
}

/** The checkpoint format: tuples keep a big show's state small, since it is rewritten every second while live. */
interface StateJson {
  v: 1;
  liveSessionId: string;
  orgId: string;
  people: [identity: string, marks: number[], kinds: Partial<Record<IdentityKind, number[]>>][];
  minutes: [minute: number, counters: number[]][];
  orders: [orderId: string, ts: number, identity: string, amountFen: number, lines: [string | null, number, number | null][]][];
  products: [productId: string, exposure: string[], click: string[], cart: string[], clicksByMinute: [number, number][]][];
  comments: CommentItem[];
  firstPays: [identity: string, paidAt: number][];
  pending: StoredEvent[];
}
