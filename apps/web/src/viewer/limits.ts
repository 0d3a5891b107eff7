/*
 * Limits of the room protocol (packages/contracts/src/room.ts), restated here because importing the contracts
 * at run time would bring zod into the viewer's bundle; limits.test.ts keeps the two equal.
 */
export const MAX_CHAT_LENGTH = 200;
export const MAX_LIKES_PER_FRAME = 100;
/** the store's phone rule (contracts `Phone`) */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
/** contracts `MAX_LINE_QUANTITY` */
export const MAX_LINE_QUANTITY = 999;
