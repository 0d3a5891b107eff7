import type { LiveOrderStats } from '@livedesk/contracts';

/** What the run has done so far, counted as it happens; the progress line and the summary read it. */
export class ShowStats {
  visits = 0;
  reentries = 0;
  /** simulated viewers with an open socket now */
  inRoom = 0;
  /** the room's online count as the server last reported it */
  online = 0;
  peakOnline = 0;
  comments = 0;
  likes = 0;
  follows = 0;
  shares = 0;
  exposures = 0;
  clicks = 0;
  cartAdds = 0;
  ordersPlaced = 0;
  ordersPaid = 0;
  paymentsFailed = 0;
  /** orders left unpaid at checkout (they expire and release their stock) */
  ordersUnpaid = 0;
  gmvFen = 0;
  /** orders or payments the server refused, by error code (`insufficient_stock`, ...) */
  readonly refused: Record<string, number> = {};
  /** error frames the room sent the viewers, by the frame they answer and code (`chat:slow_mode`, ...) */
  readonly roomErrors: Record<string, number> = {};
  /** steps that failed outright (a join, a buyer, a pin), by step */
  readonly failures: Record<string, number> = {};

  sawOnline(count: number): void {
    this.online = count;
    this.peakOnline = Math.max(this.peakOnline, count);
  }

  count(into: Record<string, number>, key: string, n = 1): void {
    into[key] = (into[key] ?? 0) + n;
  }
}

export interface SimulationProgress {
  showElapsedMs: number;
  showMs: number;
  online: number;
  inRoom: number;
  comments: number;
  orders: number;
  paidOrders: number;
  gmvFen: number;
}

export interface SimulationSummary {
  sessionId: string;
  seed: number;
  speed: number;
  showMinutes: number;
  realSeconds: number;
  /** stopped early by the caller's signal */
  interrupted: boolean;
  /** distinct simulated viewers (devices) that came at least once */
  viewers: number;
  visits: number;
  reentries: number;
  peakOnline: number;
  comments: number;
  likes: number;
  follows: number;
  shares: number;
  productEvents: { exposures: number; clicks: number; cartAdds: number };
  orders: { placed: number; paid: number; paymentFailed: number; unpaid: number; refused: Record<string, number> };
  gmvFen: number;
  roomErrors: Record<string, number>;
  failures: Record<string, number>;
  /** the show's orders as the server counts them at the end */
  server: LiveOrderStats;
}
