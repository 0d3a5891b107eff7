import { useQueries, useQuery } from '@tanstack/react-query';
import type { WaveView } from '@livedesk/contracts';
import { useMemo } from 'react';
import { fulfillmentApi, fulfillmentKeys } from '../../api/fulfillment';

/** Open waves are few (a shift's worth); beyond this many, the rest are not looked into. */
const maxWavesLookedAt = 20;

/**
 * Which open or picked wave each order is in. Order summaries do not say, so this reads the waves that
 * are still being worked and their order lists.
 */
export function useOpenWaveOfOrder(): Map<string, WaveView> {
  const open = useQuery({ queryKey: fulfillmentKeys.waves({ status: 'open' }), queryFn: () => fulfillmentApi.waves({ status: 'open' }, null) });
  const picked = useQuery({ queryKey: fulfillmentKeys.waves({ status: 'picked' }), queryFn: () => fulfillmentApi.waves({ status: 'picked' }, null) });
  const waves = useMemo(
    () => [...(open.data?.items ?? []), ...(picked.data?.items ?? [])].slice(0, maxWavesLookedAt),
    [open.data, picked.data],
  );
  const details = useQueries({
    queries: waves.map((wave) => ({ queryKey: fulfillmentKeys.wave(wave.id), queryFn: () => fulfillmentApi.wave(wave.id) })),
  });
  // Cheap enough to rebuild on every render: a few waves of at most 200 orders each.
  const byOrder = new Map<string, WaveView>();
  for (const detail of details) {
    if (!detail.data) continue;
    for (const order of detail.data.orders) byOrder.set(order.orderId, detail.data);
  }
  return byOrder;
}
