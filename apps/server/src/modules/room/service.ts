import { COIN_VALUE_FEN, giftById, type Gift } from '@livedesk/contracts';
import { conflict, unauthorized, validationError } from '../../lib/errors.js';
import type { Clock } from '../../lib/time.js';
import type { Db } from '../../infra/db/port.js';
import { behaviourEvent, enqueueBehaviour } from './behaviour.js';
import type { RoomViewer } from './ports.js';
import { roomRepo } from './repo.js';

/**
 * Coins a buyer holds in a shop before anything else happened, so the demo's gift bar works out of the
 * box: 520 (a "我爱你" number) buys a 火箭 (500) or 52 roses. There is no top-up yet.
 */
export const STARTER_COINS = 520;

/** The viewer-side use-cases that write to the database: gifts paid in coins, and follows. */
export class RoomService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The buyer's balance, opening it with the starter coins on first sight. */
  async coins(orgId: string, buyerId: string): Promise<number> {
    const existing = await roomRepo.coins(this.db.kysely, orgId, buyerId);
    if (existing !== null) return existing;
    await roomRepo.openCoins(this.db.kysely, orgId, buyerId, STARTER_COINS, this.clock.now());
    return (await roomRepo.coins(this.db.kysely, orgId, buyerId)) ?? 0;
  }

  following(orgId: string, buyerId: string): Promise<boolean> {
    return roomRepo.isFollowing(this.db.kysely, orgId, buyerId);
  }

  /**
   * Debits the gift's coins with a conditional UPDATE, so concurrent gifts can never overspend, and
   * writes its `gift` event in the same transaction: a gift exists exactly when it was paid for.
   */
  async gift(viewer: RoomViewer, giftId: string, count: number): Promise<{ gift: Gift; count: number; valueFen: number; balance: number }> {
    const buyerId = requireBuyer(viewer, 'Sign in to send gifts');
    const gift = giftById(giftId);
    if (!gift) throw validationError(`Unknown gift ${giftId}`, { giftId });
    const cost = gift.coins * count;
    const valueFen = cost * COIN_VALUE_FEN;
    const now = this.clock.now();
    const balance = await this.db.kysely.transaction().execute(async (tx) => {
      await roomRepo.openCoins(tx, viewer.orgId, buyerId, STARTER_COINS, now);
      const left = await roomRepo.debitCoins(tx, viewer.orgId, buyerId, cost, now);
      if (left === null) throw conflict('not enough coins', { needed: cost, balance: (await roomRepo.coins(tx, viewer.orgId, buyerId)) ?? 0 });
      await enqueueBehaviour(tx, viewer.orgId, behaviourEvent(viewer, 'gift', now, { giftId: gift.id, count, valueFen }));
      return left;
    });
    return { gift, count, valueFen, balance };
  }

  /** Idempotent: following twice is following; the `follow` event is written only the first time. */
  async follow(viewer: RoomViewer): Promise<void> {
    const buyerId = requireBuyer(viewer, 'Sign in to follow the shop');
    const now = this.clock.now();
    await this.db.kysely.transaction().execute(async (tx) => {
      if (await roomRepo.follow(tx, viewer.orgId, buyerId, now)) {
        await enqueueBehaviour(tx, viewer.orgId, behaviourEvent(viewer, 'follow', now));
      }
    });
  }
}

function requireBuyer(viewer: RoomViewer, message: string): string {
  if (!viewer.buyerId) throw unauthorized(message);
  return viewer.buyerId;
}
