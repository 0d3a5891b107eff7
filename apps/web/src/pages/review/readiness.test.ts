import { describe, expect, it, vi } from 'vitest';
import { createReadiness } from './readiness';

describe('createReadiness', () => {
  it('is ready once armed and every chart that started drawing has finished', () => {
    const onReady = vi.fn();
    const readiness = createReadiness(onReady);
    readiness.drawing('curves');
    readiness.drawing('funnel');
    readiness.arm();
    readiness.drawn('curves');
    expect(onReady).not.toHaveBeenCalled();
    readiness.drawn('funnel');
    expect(onReady).toHaveBeenCalledTimes(1);
  });

  it('waits for the page to arm it, so a chart finishing before the others register is not the end', () => {
    const onReady = vi.fn();
    const readiness = createReadiness(onReady);
    readiness.drawing('curves');
    readiness.drawn('curves');
    expect(onReady).not.toHaveBeenCalled();
    readiness.arm();
    expect(onReady).toHaveBeenCalledTimes(1);
  });

  it('is ready at once for a page without charts, and says so only once', () => {
    const onReady = vi.fn();
    const readiness = createReadiness(onReady);
    readiness.arm();
    readiness.drawing('late');
    readiness.drawn('late');
    readiness.arm();
    expect(onReady).toHaveBeenCalledTimes(1);
  });
});
