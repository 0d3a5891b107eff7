import { InfoCircleOutlined } from '@ant-design/icons';
import { metricConventions, metricDefinitions, type MetricDefinition, type MetricId } from '@livedesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { Tooltip } from 'antd';
import { useCallback, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { metricsApi, metricsKeys } from '../api/metrics';
import './metricTooltip.css';

/**
 * The metric registry as the server serves it. The console bundles the same registry through the
 * contracts package; it stands in only until the server's answer arrives, so a card has a name at once.
 */
function useMetricDefinitions(): ReadonlyMap<MetricId, MetricDefinition> {
  const definitions = useQuery({
    queryKey: metricsKeys.definitions,
    queryFn: ({ signal }) => metricsApi.definitions(signal),
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: { conventions: { zh: [...metricConventions.zh], en: [...metricConventions.en] }, metrics: [...metricDefinitions] },
  });
  const items = definitions.data?.metrics;
  return useMemo(() => new Map((items ?? []).map((definition) => [definition.id, definition])), [items]);
}

/** A metric's name, formula and 口径 in the console's language. */
export function useMetricText(): (id: MetricId) => { name: string; formula: string; basis: string } {
  const { i18n } = useTranslation();
  const definitions = useMetricDefinitions();
  const english = i18n.language === 'en-US';
  return useCallback(
    (id) => {
      const definition = definitions.get(id);
      if (!definition) return { name: id, formula: '', basis: '' };
      return english
        ? { name: definition.nameEn, formula: definition.formulaEn, basis: definition.platformEn }
        : { name: definition.nameZh, formula: definition.formulaZh, basis: definition.platformZh };
    },
    [definitions, english],
  );
}

interface MetricTooltipProps {
  /** the registry metrics the card shows, explained in this order */
  metrics: readonly MetricId[];
  /** what the card shows that is not a registry metric (the online count, a chart's buckets) */
  note?: string;
  children: ReactNode;
}

/** The definition of every number on a card, on hover: name, formula and which platform's 口径 it follows. */
export function MetricTooltip({ metrics, note, children }: MetricTooltipProps) {
  const { t } = useTranslation();
  const text = useMetricText();
  const content = (
    <div className="metric-tooltip" data-testid="metric-tooltip">
      {note && <p className="metric-tooltip-note">{note}</p>}
      {metrics.map((id) => {
        const { name, formula, basis } = text(id);
        return (
          <dl key={id} data-metric-definition={id}>
            <dt>{name}</dt>
            <dd>
              <span className="metric-tooltip-label">{t('metrics.formula')}</span>
              {formula}
            </dd>
            <dd>
              <span className="metric-tooltip-label">{t('metrics.basis')}</span>
              {basis}
            </dd>
          </dl>
        );
      })}
    </div>
  );
  return (
    <Tooltip title={content} styles={{ root: { maxWidth: 420 } }}>
      <span className="metric-tooltip-anchor">
        {children}
        <InfoCircleOutlined className="metric-tooltip-icon" aria-hidden />
      </span>
    </Tooltip>
  );
}
