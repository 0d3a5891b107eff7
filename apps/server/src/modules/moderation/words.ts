import {
  MAX_WORD_LENGTH,
  MAX_WORDS_PER_IMPORT,
  type AddWordBody,
  type ImportWordsBody,
  type ImportWordsResult,
  type SensitiveWordView,
  type WordAction,
} from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { Db } from '../../infra/db/port.js';
import type { ModerationWordRow } from '../../infra/db/tables/moderation.js';
import type { Hot } from '../../infra/hot/port.js';
import type { AuditService } from '../audit/service.js';
import { normalizeWord } from './normalize.js';
import { moderationRepo } from './repo.js';
import { SharedCache } from './shared-cache.js';
import { WordFilter } from './word-filter.js';

/**
 * The list a shop starts with (seeded on first use, then theirs to edit): words that divert buyers to
 * other channels (平台外交易 is what platforms punish hardest), insults, and the 广告法 absolute terms a
 * shop must not be seen endorsing.
 */
export const DEFAULT_SENSITIVE_WORDS: readonly { word: string; action: WordAction }[] = [
  { word: '加微信', action: 'block' },
  { word: '加V', action: 'block' },
  { word: '加微', action: 'block' },
  { word: 'qq群', action: 'block' },
  { word: '私下交易', action: 'block' },
  { word: '微信', action: 'mask' },
  { word: 'weixin', action: 'mask' },
  { word: 'vx', action: 'mask' },
  { word: '薇信', action: 'mask' },
  { word: '傻逼', action: 'block' },
  { word: '煞笔', action: 'block' },
  { word: '垃圾主播', action: 'block' },
  { word: '去死', action: 'block' },
  { word: '骗子', action: 'review' },
  { word: '假货', action: 'review' },
  { word: '最低价', action: 'mask' },
  { word: '全网最低', action: 'mask' },
  { word: '国家级', action: 'mask' },
  { word: '第一品牌', action: 'mask' },
];

const view = (row: ModerationWordRow): SensitiveWordView => ({
  id: row.id,
  word: row.word,
  normalized: row.normalized,
  action: row.action as WordAction,
  createdAt: row.created_at,
});

/** A shop's editable sensitive-word list, and the compiled filter the chat path uses. */
export class SensitiveWords {
  private readonly filters: SharedCache<WordFilter>;
  /** shops whose list exists, so the seeding check runs once per shop and process */
  private readonly seededOrgs = new Set<string>();

  constructor(
    private readonly db: Db,
    hot: Hot,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.filters = new SharedCache(hot, clock, 'words', async (orgId) => {
      await this.ensureList(orgId);
      const rows = await moderationRepo.words(this.db.kysely, orgId);
      return new WordFilter(rows.map((r) => ({ word: r.word, normalized: r.normalized, action: r.action as WordAction })));
    });
  }

  /** The shop's compiled filter; rebuilt on this node at once after a change here, within a second after one elsewhere. */
  filterFor(orgId: string): Promise<WordFilter> {
    return this.filters.get(orgId);
  }

  async list(actor: Actor): Promise<SensitiveWordView[]> {
    await this.ensureList(actor.orgId);
    return (await moderationRepo.words(this.db.kysely, actor.orgId)).map(view);
  }

  /** Adds the word, or sets the action of the listed word with the same normalised form. */
  async add(actor: Actor, body: AddWordBody): Promise<{ created: boolean; word: SensitiveWordView }> {
    const normalized = normalizeWord(body.word);
    if (!normalized) throw validationError('The word has no letters or digits left once spaces and symbols are ignored', { field: 'word' });
    await this.ensureList(actor.orgId);
    const result = await this.audit.transaction(actor, async (tx, record) => {
      const [existing] = await moderationRepo.wordsByNormalized(tx, actor.orgId, [normalized]);
      if (existing) {
        if (existing.action !== body.action) {
          await moderationRepo.setWordAction(tx, actor.orgId, [existing.id], body.action);
          await record({ action: 'moderation.word.update', targetType: 'sensitive_word', targetId: existing.id, changes: [{ field: 'action', from: existing.action, to: body.action }] });
        }
        return { created: false, word: view({ ...existing, action: body.action }) };
      }
      const row = this.row(actor, body.word, normalized, body.action);
      await moderationRepo.insertWords(tx, [row]);
      await record({ action: 'moderation.word.create', targetType: 'sensitive_word', targetId: row.id, changes: [{ field: 'word', from: null, to: row.word }, { field: 'action', from: null, to: row.action }] });
      return { created: true, word: view(row) };
    });
    await this.filters.changed(actor.orgId);
    return result;
  }

  /** One word per line; lines that normalise to the same word count once. */
  async import(actor: Actor, body: ImportWordsBody): Promise<ImportWordsResult> {
    const rejected: string[] = [];
    const byNormalized = new Map<string, string>();
    for (const line of body.list.split(/\r?\n/)) {
      const word = line.trim();
      if (!word || word.startsWith('#')) continue;
      const normalized = normalizeWord(word);
      if (!normalized || word.length > MAX_WORD_LENGTH) rejected.push(word);
      else if (!byNormalized.has(normalized)) byNormalized.set(normalized, word);
    }
    if (byNormalized.size > MAX_WORDS_PER_IMPORT) {
      throw validationError(`At most ${MAX_WORDS_PER_IMPORT} words per import`, { words: byNormalized.size });
    }
    await this.ensureList(actor.orgId);
    const result = await this.audit.transaction(actor, async (tx, record) => {
      const existing = await moderationRepo.wordsByNormalized(tx, actor.orgId, [...byNormalized.keys()]);
      const listed = new Set(existing.map((w) => w.normalized));
      const fresh = [...byNormalized].filter(([normalized]) => !listed.has(normalized)).map(([normalized, word]) => this.row(actor, word, normalized, body.action));
      const changed = existing.filter((w) => w.action !== body.action);
      await moderationRepo.insertWords(tx, fresh);
      await moderationRepo.setWordAction(tx, actor.orgId, changed.map((w) => w.id), body.action);
      await record({
        action: 'moderation.word.import',
        targetType: 'sensitive_word',
        changes: [{ field: 'words', from: null, to: { added: fresh.length, updated: changed.length, action: body.action } }],
      });
      return { added: fresh.length, updated: changed.length, rejected };
    });
    await this.filters.changed(actor.orgId);
    return result;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.audit.transaction(actor, async (tx, record) => {
      const row = await moderationRepo.deleteWord(tx, actor.orgId, id);
      if (!row) throw notFound('Sensitive word', id);
      await record({ action: 'moderation.word.delete', targetType: 'sensitive_word', targetId: id, changes: [{ field: 'word', from: row.word, to: null }] });
    });
    await this.filters.changed(actor.orgId);
  }

  /** Creates the shop's list with the default words the first time anything asks for it. */
  private async ensureList(orgId: string): Promise<void> {
    if (this.seededOrgs.has(orgId)) return;
    await this.db.kysely.transaction().execute(async (tx) => {
      const now = this.clock.now();
      if (!(await moderationRepo.createWordList(tx, orgId, now))) return;
      await moderationRepo.insertWords(
        tx,
        DEFAULT_SENSITIVE_WORDS.map((w) => ({ id: newId(), org_id: orgId, word: w.word, normalized: normalizeWord(w.word), action: w.action, created_by: null, created_at: now })),
      );
    });
    this.seededOrgs.add(orgId);
  }

  private row(actor: Actor, word: string, normalized: string, action: WordAction): ModerationWordRow {
    return { id: newId(), org_id: actor.orgId, word, normalized, action, created_by: actor.id, created_at: this.clock.now() };
  }
}
