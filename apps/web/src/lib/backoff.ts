// One backoff for every reconnect and retry of the browser side (sockets, player, the tracking SDK):
// exponential with equal jitter, first retry after about a second, never more than half a minute apart.
export { backoffDelay, type Backoff } from '@livedesk/sdk';
