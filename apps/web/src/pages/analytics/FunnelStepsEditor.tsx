import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { FUNNEL_MAX_STEPS, knownEventTypes } from '@livedesk/contracts';
import { AutoComplete, Button, Input, Select, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  canAddStep,
  canRemoveStep,
  eventLabelKey,
  isKnownEventType,
  moveStep,
  newFilter,
  newStep,
  type DraftProblem,
  type FilterDraft,
  type FilterValueType,
  type StepDraft,
} from './funnelModel';

/** Ten props per step, as the API allows. */
const MAX_FILTERS = 10;

interface FunnelStepsEditorProps {
  steps: StepDraft[];
  onChange: (steps: StepDraft[]) => void;
  problem: DraftProblem | null;
}

/** The funnel's steps in order: an event each (known or custom), optionally narrowed by props. */
export function FunnelStepsEditor({ steps, onChange, problem }: FunnelStepsEditorProps) {
  const { t } = useTranslation();
  const eventOptions = knownEventTypes.map((type) => ({
    value: type,
    label: (
      <span className="funnel-event-option">
        <span>{t(eventLabelKey(type))}</span>
        <Typography.Text type="secondary" className="funnel-event-code">
          {type}
        </Typography.Text>
      </span>
    ),
    search: `${type} ${t(eventLabelKey(type))}`.toLowerCase(),
  }));

  const update = (index: number, patch: Partial<StepDraft>) => onChange(steps.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const updateFilter = (index: number, filterId: number, patch: Partial<FilterDraft>) =>
    update(index, { filters: steps[index]!.filters.map((f) => (f.id === filterId ? { ...f, ...patch } : f)) });

  return (
    <div className="funnel-steps">
      {steps.map((step, index) => {
        const stepProblem = problem?.step === index ? problem.problem : null;
        const event = step.event.trim();
        return (
          <div key={step.id} className="funnel-step" data-testid="funnel-step">
            <div className="funnel-step-row">
              <span className="funnel-step-index">{index + 1}</span>
              <AutoComplete
                value={step.event}
                onChange={(event: string) => update(index, { event })}
                options={eventOptions}
                filterOption={(input, option) => !input || !option || option.search.includes(input.toLowerCase())}
                placeholder={t('funnel.steps.eventPlaceholder')}
                status={stepProblem === 'event' ? 'error' : undefined}
                className="funnel-step-event"
                popupMatchSelectWidth={280}
                data-testid="funnel-step-event"
              />
              <Typography.Text type="secondary" ellipsis className="funnel-step-label">
                {event === '' ? '' : isKnownEventType(event) ? t(eventLabelKey(event)) : t('funnel.steps.custom')}
              </Typography.Text>
              <Space size={2}>
                <Tooltip title={t('funnel.steps.addFilter')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<FilterOutlined />}
                    disabled={step.filters.length >= MAX_FILTERS}
                    onClick={() => update(index, { filters: [...step.filters, newFilter()] })}
                    aria-label={t('funnel.steps.addFilter')}
                  />
                </Tooltip>
                <Tooltip title={t('funnel.steps.moveUp')}>
                  <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onChange(moveStep(steps, index, -1))} aria-label={t('funnel.steps.moveUp')} />
                </Tooltip>
                <Tooltip title={t('funnel.steps.moveDown')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowDownOutlined />}
                    disabled={index === steps.length - 1}
                    onClick={() => onChange(moveStep(steps, index, 1))}
                    aria-label={t('funnel.steps.moveDown')}
                  />
                </Tooltip>
                <Tooltip title={t('funnel.steps.remove')}>
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={!canRemoveStep(steps)}
                    onClick={() => onChange(steps.filter((_, i) => i !== index))}
                    aria-label={t('funnel.steps.remove')}
                  />
                </Tooltip>
              </Space>
            </div>
            {step.filters.map((filter) => (
              <div key={filter.id} className="funnel-filter-row">
                <Input
                  value={filter.prop}
                  onChange={(e) => updateFilter(index, filter.id, { prop: e.target.value })}
                  placeholder={t('funnel.steps.filterProp')}
                  status={filter.prop.trim() === '' && stepProblem === 'filterProp' ? 'error' : undefined}
                  className="funnel-filter-prop"
                  size="small"
                />
                <span className="funnel-filter-eq">=</span>
                <Select<FilterValueType>
                  value={filter.type}
                  onChange={(type) => updateFilter(index, filter.id, { type, value: type === 'boolean' ? 'true' : filter.value })}
                  options={(['string', 'number', 'boolean'] as const).map((type) => ({ value: type, label: t(`funnel.steps.valueType.${type}`) }))}
                  size="small"
                  className="funnel-filter-type"
                  popupMatchSelectWidth={false}
                />
                {filter.type === 'boolean' ? (
                  <Select<string>
                    value={filter.value}
                    onChange={(value) => updateFilter(index, filter.id, { value })}
                    options={[
                      { value: 'true', label: 'true' },
                      { value: 'false', label: 'false' },
                    ]}
                    size="small"
                    className="funnel-filter-value"
                  />
                ) : (
                  <Input
                    value={filter.value}
                    onChange={(e) => updateFilter(index, filter.id, { value: e.target.value })}
                    placeholder={t('funnel.steps.filterValue')}
                    status={filter.type === 'number' && stepProblem === 'filterNumber' ? 'error' : undefined}
                    inputMode={filter.type === 'number' ? 'decimal' : undefined}
                    className="funnel-filter-value"
                    size="small"
                  />
                )}
                <Button
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  onClick={() => update(index, { filters: step.filters.filter((f) => f.id !== filter.id) })}
                  aria-label={t('funnel.steps.removeFilter')}
                />
              </div>
            ))}
            {stepProblem && (
              <Typography.Text type="danger" className="funnel-step-problem">
                {t(`funnel.problem.${stepProblem}`)}
              </Typography.Text>
            )}
          </div>
        );
      })}
      <Button
        type="dashed"
        icon={<PlusOutlined />}
        disabled={!canAddStep(steps)}
        onClick={() => onChange([...steps, newStep()])}
        block
        data-testid="funnel-add-step"
      >
        {canAddStep(steps) ? t('funnel.steps.add') : t('funnel.steps.max', { count: FUNNEL_MAX_STEPS })}
      </Button>
    </div>
  );
}
