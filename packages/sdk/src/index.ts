export type { TrackedEvent } from '@livedesk/contracts';
export { backoffDelay, defaultBackoff, type Backoff } from './backoff.js';
export type { KeyValueStorage } from './identity.js';
export { createTracker, SERVER_MAX_BATCH, type Tracker, type TrackerOptions } from './tracker.js';
export { httpTransport, type SendOutcome, type Transport } from './transport.js';
export { uuidv7, uuidv7Generator } from './uuidv7.js';
