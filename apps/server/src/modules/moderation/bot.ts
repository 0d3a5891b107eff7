import { MAX_BOT_REPLIES, type BotReplyRule, type BotReplyView, type ChatMessage, type UpdateBotReplyBody } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { conflict, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { Db, Tx } from '../../infra/db/port.js';
import type { BotReplyRow } from '../../infra/db/tables/moderation.js';
import type { Hot } from '../../infra/hot/port.js';
import type { AuditService, RecordAudit } from '../audit/service.js';
import type { RoomBroadcaster } from '../room/broadcast.js';
import type { ChatListener, RoomViewer } from '../room/ports.js';
import { AhoCorasick } from './aho-corasick.js';
import { logRow } from './log.js';
import { normalize, normalizeWord } from './normalize.js';
import { moderationRepo } from './repo.js';
import { SharedCache } from './shared-cache.js';

const view = (row: BotReplyRow): BotReplyView => ({
  id: row.id,
  keywords: JSON.parse(row.keywords) as string[],
  reply: row.reply,
  position: row.position,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A show's replies compiled for matching: which rule answers a comment. */
export class BotRules {
  private readonly matcher: AhoCorasick<{ rule: number; keyword: string }>;

  constructor(readonly rules: readonly BotReplyView[]) {
    this.matcher = new AhoCorasick(rules.flatMap((rule, index) => rule.keywords.map((keyword) => ({ pattern: normalizeWord(keyword), data: { rule: index, keyword } }))));
  }

  /** The first rule (in the show's order) with a keyword in the text, and that keyword. */
  match(text: string): { rule: BotReplyView; keyword: string } | null {
    let best: { rule: number; keyword: string } | null = null;
    for (const { data } of this.matcher.search(normalize(text).text)) if (best === null || data.rule < best.rule) best = data;
    return best && { rule: this.rules[best.rule]!, keyword: best.keyword };
  }
}

/** The keyword replies of each show (弹幕助手), edited by staff. */
export class BotReplies {
  private readonly compiled: SharedCache<BotRules>;

  constructor(
    private readonly db: Db,
    hot: Hot,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.compiled = new SharedCache(hot, clock, 'bot', async (liveSessionId) => new BotRules((await moderationRepo.botReplies(db.kysely, liveSessionId)).map(view)));
  }

  rulesFor(liveSessionId: string): Promise<BotRules> {
    return this.compiled.get(liveSessionId);
  }

  async list(actor: Actor, liveSessionId: string): Promise<BotReplyView[]> {
    await this.ensureSession(actor, liveSessionId);
    return (await moderationRepo.botReplies(this.db.kysely, liveSessionId)).map(view);
  }

  async create(actor: Actor, liveSessionId: string, rule: BotReplyRule): Promise<BotReplyView> {
    return this.change(actor, liveSessionId, async (tx, record) => {
      const existing = await moderationRepo.botReplies(tx, liveSessionId);
      if (existing.length >= MAX_BOT_REPLIES) throw conflict(`A show has at most ${MAX_BOT_REPLIES} bot replies`);
      const row = this.row(actor, liveSessionId, rule, (existing.at(-1)?.position ?? 0) + 1);
      await moderationRepo.insertBotReplies(tx, [row]);
      await record({ action: 'moderation.bot_reply.create', targetType: 'bot_reply', targetId: row.id, changes: [{ field: 'rule', from: null, to: rule }] });
      return view(row);
    });
  }

  async update(actor: Actor, liveSessionId: string, id: string, patch: UpdateBotReplyBody): Promise<BotReplyView> {
    return this.change(actor, liveSessionId, async (tx, record) => {
      const current = (await moderationRepo.botReplies(tx, liveSessionId)).find((r) => r.id === id);
      if (!current) throw notFound('Bot reply', id);
      const next: BotReplyRow = {
        ...current,
        ...(patch.keywords ? { keywords: JSON.stringify(patch.keywords) } : {}),
        ...(patch.reply ? { reply: patch.reply } : {}),
        updated_at: this.clock.now(),
      };
      await moderationRepo.updateBotReply(tx, liveSessionId, id, { keywords: next.keywords, reply: next.reply, updated_at: next.updated_at });
      const before = view(current);
      await record({
        action: 'moderation.bot_reply.update', targetType: 'bot_reply', targetId: id,
        changes: [
          ...(patch.keywords ? [{ field: 'keywords', from: before.keywords, to: patch.keywords }] : []),
          ...(patch.reply ? [{ field: 'reply', from: before.reply, to: patch.reply }] : []),
        ],
      });
      return view(next);
    });
  }

  async remove(actor: Actor, liveSessionId: string, id: string): Promise<void> {
    await this.change(actor, liveSessionId, async (tx, record) => {
      if ((await moderationRepo.deleteBotReplies(tx, liveSessionId, id)) === 0) throw notFound('Bot reply', id);
      await record({ action: 'moderation.bot_reply.delete', targetType: 'bot_reply', targetId: id });
    });
  }

  /** Sets the show's whole list at once (how the console applies DEFAULT_BOT_REPLIES). */
  async replace(actor: Actor, liveSessionId: string, rules: BotReplyRule[]): Promise<BotReplyView[]> {
    return this.change(actor, liveSessionId, async (tx, record) => {
      const removed = await moderationRepo.deleteBotReplies(tx, liveSessionId);
      const rows = rules.map((rule, i) => this.row(actor, liveSessionId, rule, i + 1));
      await moderationRepo.insertBotReplies(tx, rows);
      await record({ action: 'moderation.bot_reply.replace', targetType: 'live_session', targetId: liveSessionId, changes: [{ field: 'botReplies', from: removed, to: rows.length }] });
      return rows.map(view);
    });
  }

  private async change<T>(actor: Actor, liveSessionId: string, work: (tx: Tx, record: RecordAudit) => Promise<T>): Promise<T> {
    await this.ensureSession(actor, liveSessionId);
    const result = await this.audit.transaction(actor, work);
    await this.compiled.changed(liveSessionId);
    return result;
  }

  private row(actor: Actor, liveSessionId: string, rule: BotReplyRule, position: number): BotReplyRow {
    const now = this.clock.now();
    return { id: newId(), org_id: actor.orgId, live_session_id: liveSessionId, keywords: JSON.stringify(rule.keywords), reply: rule.reply, position, created_at: now, updated_at: now };
  }

  private async ensureSession(actor: Actor, liveSessionId: string): Promise<void> {
    if ((await moderationRepo.sessionOrg(this.db.kysely, liveSessionId)) !== actor.orgId) throw notFound('Live session', liveSessionId);
  }
}

export const BOT_USER = { id: 'bot', nickname: '直播间助手', tags: ['staff'] } as const satisfies ChatMessage['user'];

/**
 * The danmaku bot: answers a viewer's comment that holds one of the show's keywords, as a `bot` chat
 * message replying to it. Each rule answers at most once per cooldown in a show, counted in Hot so a
 * flood of 发货 questions across gateway nodes gets one reply, not one per node or per question.
 */
export class DanmakuBot implements ChatListener {
  constructor(
    private readonly replies: BotReplies,
    private readonly db: Db,
    private readonly hot: Hot,
    private readonly broadcaster: RoomBroadcaster,
    private readonly clock: Clock,
    private readonly options: { cooldownMs: number } = { cooldownMs: 30_000 },
  ) {}

  async onChat(viewer: RoomViewer, message: ChatMessage): Promise<void> {
    if (message.bot || viewer.role === 'staff') return;
    const hit = (await this.replies.rulesFor(viewer.liveSessionId)).match(message.text);
    if (!hit) return;
    const free = await this.hot.set(`moderation:bot:${viewer.liveSessionId}:${hit.rule.id}`, '1', { ttlMs: this.options.cooldownMs, onlyIfAbsent: true });
    if (!free) return;
    const at = this.clock.now();
    const reply: ChatMessage = { id: newId(), user: { ...BOT_USER, tags: [...BOT_USER.tags] }, text: hit.rule.reply, at, bot: true, replyTo: message.id };
    await this.broadcaster.toRoom(viewer.liveSessionId, { t: 'chat', message: reply });
    await moderationRepo.log(this.db.kysely, logRow({
      orgId: viewer.orgId, liveSessionId: viewer.liveSessionId, action: 'bot.replied', by: 'bot', target: viewer.identity,
      messageId: message.id, detail: { ruleId: hit.rule.id, keyword: hit.keyword, question: message.text, reply: reply.text, replyId: reply.id },
    }, at));
  }
}
