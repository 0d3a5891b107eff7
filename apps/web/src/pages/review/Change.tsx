import type { MetricId } from '@livedesk/contracts';
import { changeDisplay } from './format';

/** ▲ 12.3% in green when it is good news, ▼ in red when it is not; `—` with nothing to compare with. */
export function Change({ change, metric, className }: { change: number | null | undefined; metric?: MetricId; className?: string }) {
  const display = changeDisplay(change, metric);
  return (
    <span className={`review-change review-change-${display.tone} ${className ?? ''}`} data-change={change ?? ''}>
      {display.arrow && <span aria-hidden>{display.arrow} </span>}
      {display.text}
    </span>
  );
}
