import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { DEFAULT_BOT_REPLIES, MAX_BOT_REPLIES, MAX_CHAT_LENGTH, type BotReplyRule, type CommentToBuySettings } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, InputNumber, Radio, Select, Spin, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { liveKeys, moderationApi, salesApi } from '../../../api/live';
import { EmptyState } from '../../../components/EmptyState';
import { useErrorMessage } from '../../../lib/errors';
import { commentToBuyModeLabelKey, commentToBuyModes } from '../labels';

interface SettingsDrawerProps {
  sessionId: string;
  open: boolean;
  onClose: () => void;
  canManage: boolean;
  canModerate: boolean;
}

/** The show's automation: comment-to-buy (评论下单) and the danmaku bot's keyword replies. */
export function SettingsDrawer({ sessionId, open, onClose, canManage, canModerate }: SettingsDrawerProps) {
  const { t } = useTranslation();
  return (
    <Drawer title={t('live.console.settings')} open={open} onClose={onClose} size={560} destroyOnHidden>
      {open && (
        <>
          <section className="editor-section">
            <Typography.Title level={5} className="editor-section-title">
              {t('live.commentToBuy.title')}
            </Typography.Title>
            <CommentToBuyForm sessionId={sessionId} disabled={!canManage} />
          </section>
          <section className="editor-section">
            <Typography.Title level={5} className="editor-section-title">
              {t('live.bot.title')}
            </Typography.Title>
            <BotRepliesForm sessionId={sessionId} disabled={!canModerate} />
          </section>
        </>
      )}
    </Drawer>
  );
}

const cleanWords = (words: readonly string[], max: number) => [...new Set(words.map((word) => word.trim()).filter((word) => word !== '' && word.length <= max))];

function CommentToBuyForm({ sessionId, disabled }: { sessionId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: liveKeys.commentToBuy(sessionId), queryFn: () => salesApi.commentToBuy(sessionId) });
  const save = useMutation({
    mutationFn: (values: CommentToBuySettings) => salesApi.updateCommentToBuy(sessionId, { ...values, keywords: cleanWords(values.keywords, 20) }),
    onSuccess: (saved) => {
      queryClient.setQueryData(liveKeys.commentToBuy(sessionId), saved);
      message.success(t('live.commentToBuy.saved'));
    },
    onError: (error) => message.error(describeError(error)),
  });

  if (settings.isPending) return <Spin />;
  if (settings.isError) return <EmptyState description={describeError(settings.error)} />;
  return (
    <Form<CommentToBuySettings> name="commentToBuy" layout="vertical" initialValues={settings.data} disabled={disabled} onFinish={(values) => save.mutate(values)}>
      <Form.Item name="enabled" label={t('live.commentToBuy.enabled')} valuePropName="checked" extra={t('live.commentToBuy.enabledHint')}>
        <Switch data-testid="console-ctb-enabled" />
      </Form.Item>
      <Form.Item name="keywords" label={t('live.commentToBuy.keywords')} extra={t('live.commentToBuy.keywordsHint')}>
        <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} maxCount={20} data-testid="console-ctb-keywords" />
      </Form.Item>
      <Form.Item name="codePattern" label={t('live.commentToBuy.codePattern')} valuePropName="checked" extra={t('live.commentToBuy.codePatternHint')}>
        <Switch />
      </Form.Item>
      <Form.Item name="mode" label={t('live.commentToBuy.modeLabel')}>
        <Radio.Group>
          {commentToBuyModes.map((mode) => (
            <Radio key={mode} value={mode} className="radio-block">
              {t(commentToBuyModeLabelKey(mode))}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="holdMinutes" label={t('live.commentToBuy.holdMinutes')} rules={[{ required: true }]}>
        <InputNumber<number> min={1} max={24 * 60} precision={0} suffix={t('live.commentToBuy.minutes')} className="console-hold-input" />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="console-ctb-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}

interface RuleDraft {
  keywords: string[];
  reply: string;
}

function BotRepliesForm({ sessionId, disabled }: { sessionId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const replies = useQuery({ queryKey: liveKeys.botReplies(sessionId), queryFn: () => moderationApi.botReplies(sessionId) });
  if (replies.isPending) return <Spin />;
  if (replies.isError) return <EmptyState description={t('live.bot.loadFailed')} />;
  return <BotRulesEditor sessionId={sessionId} initial={replies.data.items.map(({ keywords, reply }) => ({ keywords, reply }))} disabled={disabled} />;
}

function BotRulesEditor({ sessionId, initial, disabled }: { sessionId: string; initial: RuleDraft[]; disabled: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [rules, setRules] = useState<RuleDraft[]>(initial);
  const update = (index: number, patch: Partial<RuleDraft>) => setRules((current) => current.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));
  const usable = rules.map((rule) => ({ keywords: cleanWords(rule.keywords, 30), reply: rule.reply.trim() }));
  const incomplete = usable.some((rule) => rule.keywords.length === 0 || rule.reply === '');

  const save = useMutation({
    mutationFn: (next: BotReplyRule[]) => moderationApi.replaceBotReplies(sessionId, next),
    onSuccess: (saved) => {
      queryClient.setQueryData(liveKeys.botReplies(sessionId), saved);
      message.success(t('live.bot.saved'));
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <div className="bot-rules">
      <Typography.Paragraph type="secondary" className="cell-sub">
        {t('live.bot.hint')}
      </Typography.Paragraph>
      {rules.length === 0 && <EmptyState description={t('live.bot.empty')} />}
      {rules.map((rule, index) => (
        <div key={index} className="bot-rule">
          <Select
            mode="tags"
            open={false}
            suffixIcon={null}
            value={rule.keywords}
            tokenSeparators={[',', '，']}
            maxCount={20}
            placeholder={t('live.bot.keywordsPlaceholder')}
            onChange={(keywords: string[]) => update(index, { keywords })}
            disabled={disabled}
            status={rule.keywords.length === 0 ? 'warning' : undefined}
          />
          <Input
            value={rule.reply}
            maxLength={MAX_CHAT_LENGTH}
            placeholder={t('live.bot.replyPlaceholder')}
            onChange={(event) => update(index, { reply: event.target.value })}
            disabled={disabled}
            status={rule.reply.trim() === '' ? 'warning' : undefined}
          />
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} disabled={disabled} onClick={() => setRules((current) => current.filter((_rule, i) => i !== index))} />
        </div>
      ))}
      {!disabled && (
        <div className="bot-actions">
          <Button type="dashed" icon={<PlusOutlined />} disabled={rules.length >= MAX_BOT_REPLIES} onClick={() => setRules((current) => [...current, { keywords: [], reply: '' }])}>
            {t('live.bot.add')}
          </Button>
          <Button onClick={() => setRules(DEFAULT_BOT_REPLIES.map(({ keywords, reply }) => ({ keywords: [...keywords], reply })))}>{t('live.bot.useDefaults')}</Button>
          <Button type="primary" icon={<SaveOutlined />} disabled={incomplete} loading={save.isPending} onClick={() => save.mutate(usable)} data-testid="console-bot-save">
            {t('common.save')}
          </Button>
        </div>
      )}
    </div>
  );
}
