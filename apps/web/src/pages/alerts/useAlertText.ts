import type { AlertCondition, AlertFinding, AlertMetric, AlertView } from '@livedesk/contracts';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../lib/money';

/** Money metrics in yuan, averages with one decimal, counts as they are. */
export function formatMetricValue(metric: AlertMetric, value: number): string {
  if (metric === 'gmvFen') return formatFen(Math.round(value));
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Sentences about rules and alerts in the console's language, built from their structured fields. */
export function useAlertText() {
  const { t } = useTranslation();
  const metricName = useCallback((metric: AlertMetric) => t(`alerts.metric.${metric}`), [t]);

  const condition = useCallback(
    (metric: AlertMetric, rule: AlertCondition): string => {
      const name = metricName(metric);
      switch (rule.kind) {
        case 'threshold':
          return t('alerts.condition.threshold', { metric: name, op: rule.op, value: formatMetricValue(metric, rule.value) });
        case 'drop':
          return t('alerts.condition.drop', { metric: name, pct: rule.dropPct });
        case 'zscore':
          return t('alerts.condition.zscore', {
            metric: name,
            baseline: t(`alerts.baseline.${rule.baseline}`),
            z: rule.zThreshold,
            direction: t(`alerts.direction.${rule.direction}`),
          });
      }
    },
    [t, metricName],
  );

  const finding = useCallback(
    (metric: AlertMetric, value: number, found: AlertFinding): string => {
      const name = metricName(metric);
      const format = (v: number) => formatMetricValue(metric, v);
      switch (found.kind) {
        case 'threshold':
          return t('alerts.finding.threshold', { metric: name, value: format(value), op: found.op, threshold: format(found.threshold) });
        case 'drop':
          return t('alerts.finding.drop', { metric: name, current: format(found.current), previous: format(found.previous), pct: found.fallPct.toFixed(1) });
        case 'zscore': {
          const common = { metric: name, value: format(value), baseline: t(`alerts.baseline.${found.baseline}`), median: format(found.median) };
          return found.z === null ? t('alerts.finding.zscoreFlat', common) : t('alerts.finding.zscore', { ...common, z: found.z.toFixed(1) });
        }
      }
    },
    [t, metricName],
  );

  const alert = useCallback((view: AlertView) => finding(view.metric, view.value, view.finding), [finding]);

  return useMemo(() => ({ metricName, condition, finding, alert }), [metricName, condition, finding, alert]);
}
