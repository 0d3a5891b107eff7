import { GIFTS as contractGifts } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { GIFTS } from './gifts';

describe('gifts', () => {
  it('are the ones the server knows, at the same prices', () => {
    expect(GIFTS.map(({ id, coins }) => ({ id, coins }))).toEqual(contractGifts.map(({ id, coins }) => ({ id, coins })));
  });
});
