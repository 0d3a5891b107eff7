import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import type { PaymentEvent } from './provider.js';
import { SANDBOX_SIGNATURE_HEADER, sandboxCallbackSecret, SandboxProvider } from './sandbox.js';

const NOW = 1_780_000_000_000;
const clock = { now: () => NOW };
const secret = sandboxCallbackSecret(randomBytes(32));
const sandbox = new SandboxProvider(secret, clock);
const event: PaymentEvent = {
  providerEventId: 'sbx_evt_1',
  type: 'payment.succeeded',
  paymentId: 'pay-1',
  providerPaymentId: 'sbx_pay_1',
  amountFen: 1230,
  at: NOW,
};

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('sandbox callback signatures', () => {
  it('derives its key from the token secret, different from it and stable', () => {
    const tokenSecret = randomBytes(32);
    expect(sandboxCallbackSecret(tokenSecret)).toEqual(sandboxCallbackSecret(tokenSecret));
    expect(sandboxCallbackSecret(tokenSecret).equals(tokenSecret)).toBe(false);
    expect(sandboxCallbackSecret(tokenSecret).length).toBe(32);
  });

  it('accepts a valid signature and returns the event', async () => {
    const request = sandbox.signedCallback(event);
    const header = request.headers[SANDBOX_SIGNATURE_HEADER] as string;
    // the documented format, reproducible by anyone holding the key
    const expected = createHmac('sha256', secret).update(`${NOW}.${request.body}`).digest('hex');
    expect(header).toBe(`t=${NOW},v1=${expected}`);
    expect(await sandbox.verifyCallback(request, NOW)).toEqual(event);
  });

  it('rejects another secret, a tampered body, skewed times and a mangled header', async () => {
    const request = sandbox.signedCallback(event);
    const other = new SandboxProvider(sandboxCallbackSecret(randomBytes(32)), clock);
    const cases = [
      other.signedCallback(event),
      { ...request, body: request.body.replace('1230', '1') },
      { ...request, body: `${request.body}\n` },
      sandbox.signedCallback(event, NOW - 5 * 60_000 - 1),
      sandbox.signedCallback(event, NOW + 5 * 60_000 + 1),
      { ...request, headers: {} },
      { ...request, headers: { [SANDBOX_SIGNATURE_HEADER]: 'v1=abc' } },
      { ...request, headers: { [SANDBOX_SIGNATURE_HEADER]: [request.headers[SANDBOX_SIGNATURE_HEADER] as string, 'x'] } },
      // moving the timestamp without re-signing breaks the signature
      { ...request, headers: { [SANDBOX_SIGNATURE_HEADER]: (request.headers[SANDBOX_SIGNATURE_HEADER] as string).replace(`t=${NOW}`, `t=${NOW + 1}`) } },
    ];
    for (const tampered of cases) {
      expect((await rejection(sandbox.verifyCallback(tampered, NOW))).code).toBe('unauthorized');
    }
    // at the edge of the tolerance it is still accepted
    expect(await sandbox.verifyCallback(sandbox.signedCallback(event, NOW - 5 * 60_000), NOW)).toEqual(event);
  });

  it('accepts any of several v1 signatures (key rotation) and refuses a signed non-event', async () => {
    const request = sandbox.signedCallback(event);
    const rotated = `${request.headers[SANDBOX_SIGNATURE_HEADER] as string},v1=${'0'.repeat(64)}`;
    const withOld = `t=${NOW},v1=${'f'.repeat(64)},${(request.headers[SANDBOX_SIGNATURE_HEADER] as string).split(',')[1]}`;
    for (const header of [rotated, withOld]) {
      expect(await sandbox.verifyCallback({ ...request, headers: { [SANDBOX_SIGNATURE_HEADER]: header } }, NOW)).toEqual(event);
    }
    const body = JSON.stringify({ id: 'x', type: 'payment.stolen' });
    const signed = { headers: { [SANDBOX_SIGNATURE_HEADER]: sandbox.signature(body, NOW) }, body };
    expect((await rejection(sandbox.verifyCallback(signed, NOW))).code).toBe('validation');
  });

  it('charges as asked and refunds at once', async () => {
    const charge = { paymentId: 'p', orderId: 'o', amountFen: 100, description: 'd', expiresAt: null };
    expect(await sandbox.charge(charge)).toMatchObject({ status: 'succeeded', at: NOW });
    expect(await sandbox.charge({ ...charge, simulate: 'fail' })).toMatchObject({ status: 'failed' });
    expect(await sandbox.charge({ ...charge, simulate: 'pending' })).toMatchObject({ status: 'pending' });
    const refund = await sandbox.refund({ refundId: 'r', paymentId: 'p', providerPaymentId: 'x', paymentAmountFen: 100, amountFen: 50, reason: null });
    expect(refund).toMatchObject({ status: 'succeeded' });
  });
});
