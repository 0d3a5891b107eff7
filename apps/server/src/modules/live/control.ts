import type { Permission } from '@livedesk/contracts';
import { can, type Actor } from '../../lib/actor.js';
import { forbidden } from '../../lib/errors.js';
import type { ControlFrame, RoomControl, RoomViewer } from '../room/ports.js';

/** The features a staff console drives from the room socket, each owning its own rules and audit. */
export interface ShowControls {
  pin(actor: Actor, liveSessionId: string, productId: string): Promise<unknown>;
  unpin(actor: Actor, liveSessionId: string, productId?: string): Promise<unknown>;
  announce(actor: Actor, liveSessionId: string, text: string | null): Promise<unknown>;
  startFlashSale(actor: Actor, flashSaleId: string, liveSessionId: string): Promise<unknown>;
  openLottery(actor: Actor, lotteryId: string, liveSessionId: string): Promise<unknown>;
}

/** The same permissions as the HTTP routes that do the same things. */
const needs: Record<ControlFrame['t'], Permission> = {
  pin: 'live:moderate',
  unpin: 'live:moderate',
  announce: 'live:moderate',
  'flash.start': 'live:manage',
  'lottery.start': 'live:manage',
};

/** Control frames from a console's room socket: one more door to the same use-cases as the HTTP API. */
export class LiveRoomControl implements RoomControl {
  constructor(private readonly controls: ShowControls) {}

  async handle(viewer: RoomViewer, frame: ControlFrame): Promise<void> {
    const actor = viewer.actor;
    if (viewer.role !== 'staff' || !actor || !can(actor, needs[frame.t])) throw forbidden('Only the show\'s staff may do this', { permission: needs[frame.t] });
    const id = viewer.liveSessionId;
    switch (frame.t) {
      case 'pin':
        await this.controls.pin(actor, id, frame.productId);
        return;
      case 'unpin':
        await this.controls.unpin(actor, id, frame.productId);
        return;
      case 'announce':
        await this.controls.announce(actor, id, frame.text);
        return;
      case 'flash.start':
        await this.controls.startFlashSale(actor, frame.flashSaleId, id);
        return;
      case 'lottery.start':
        await this.controls.openLottery(actor, frame.lotteryId, id);
        return;
    }
  }
}
