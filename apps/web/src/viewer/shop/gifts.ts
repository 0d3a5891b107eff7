/**
 * The gifts a viewer can send (contracts `GIFTS`), restated so the page does not bundle zod; their names
 * are translated (`gift.<id>`). gifts.test.ts keeps the two lists equal.
 */
export const GIFTS = [
  { id: 'heart', coins: 1 },
  { id: 'rose', coins: 10 },
  { id: 'rocket', coins: 500 },
] as const;
export type GiftId = (typeof GIFTS)[number]['id'];
