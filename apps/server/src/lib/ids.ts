import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids keep B-tree inserts append-only and sort by creation. */
export const newId = (): string => uuidv7();
