import { z } from 'zod';
import {
  AddWordBody,
  AnnouncementBody,
  BanBody,
  BotReplyRule,
  BotReplyView,
  DeleteMessageBody,
  ImportWordsBody,
  ImportWordsResult,
  KickBody,
  LiftBody,
  LiftResult,
  ModerationLogPage,
  ModerationLogQuery,
  MuteBody,
  QueueItemView,
  QueueQuery,
  ReplaceBotRepliesBody,
  ReportMessageBody,
  RestrictionView,
  RoomModerationView,
  SensitiveWordView,
  SlowModeBody,
  UpdateBotReplyBody,
} from '@livedesk/contracts';
import { requireBuyer, requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { RoomModeration } from './actions.js';
import type { BotReplies } from './bot.js';
import type { Moderation } from './service.js';
import type { SensitiveWords } from './words.js';

const tags = ['moderation'];
const Id = z.string().min(1).max(64);
const session = z.strictObject({ id: Id });
const PERMISSION = 'live:moderate';

export interface ModerationRoutesDeps {
  words: SensitiveWords;
  room: RoomModeration;
  moderation: Moderation;
  bot: BotReplies;
}

export function moderationRoutes(app: App, { words, room, moderation, bot }: ModerationRoutesDeps) {
  const r = typed(app);

  // ---- the shop's sensitive-word list
  r.get('/api/v1/moderation/words', { schema: { tags, response: { 200: z.object({ items: z.array(SensitiveWordView) }) } } }, async (req) => ({
    items: await words.list(requireStaff(req, PERMISSION)),
  }));
  r.post('/api/v1/moderation/words', { schema: { tags, body: AddWordBody, response: { 200: SensitiveWordView, 201: SensitiveWordView } } }, async (req, reply) => {
    const { created, word } = await words.add(requireStaff(req, PERMISSION), req.body);
    return reply.code(created ? 201 : 200).send(word);
  });
  r.post('/api/v1/moderation/words/import', { schema: { tags, body: ImportWordsBody, response: { 200: ImportWordsResult } } }, async (req) =>
    words.import(requireStaff(req, PERMISSION), req.body),
  );
  r.delete('/api/v1/moderation/words/:id', { schema: { tags, params: z.strictObject({ id: Id }) } }, async (req, reply) => {
    await words.remove(requireStaff(req, PERMISSION), req.params.id);
    return reply.code(204).send();
  });

  // ---- one show's room
  const base = '/api/v1/live-sessions/:id/moderation';
  r.get(base, { schema: { tags, params: session, response: { 200: RoomModerationView } } }, async (req) =>
    room.settings(requireStaff(req, PERMISSION), req.params.id),
  );
  r.get(`${base}/restrictions`, { schema: { tags, params: session, response: { 200: z.object({ items: z.array(RestrictionView) }) } } }, async (req) => ({
    items: await room.restrictions(requireStaff(req, PERMISSION), req.params.id),
  }));
  r.post(`${base}/mute`, { schema: { tags, params: session, body: MuteBody, response: { 200: RestrictionView } } }, async (req) =>
    room.mute(requireStaff(req, PERMISSION), req.params.id, req.body),
  );
  r.post(`${base}/unmute`, { schema: { tags, params: session, body: LiftBody, response: { 200: LiftResult } } }, async (req) =>
    room.unmute(requireStaff(req, PERMISSION), req.params.id, req.body),
  );
  r.post(`${base}/ban`, { schema: { tags, params: session, body: BanBody, response: { 200: RestrictionView } } }, async (req) =>
    room.ban(requireStaff(req, PERMISSION), req.params.id, req.body),
  );
  r.post(`${base}/unban`, { schema: { tags, params: session, body: LiftBody, response: { 200: LiftResult } } }, async (req) =>
    room.unban(requireStaff(req, PERMISSION), req.params.id, req.body),
  );
  r.post(`${base}/kick`, { schema: { tags, params: session, body: KickBody, response: { 200: RestrictionView } } }, async (req) =>
    room.kick(requireStaff(req, PERMISSION), req.params.id, req.body),
  );
  r.post(`${base}/delete-message`, { schema: { tags, params: session, body: DeleteMessageBody } }, async (req, reply) => {
    await room.deleteMessage(requireStaff(req, PERMISSION), req.params.id, req.body);
    return reply.code(204).send();
  });
  r.post(`${base}/announcement`, { schema: { tags, params: session, body: AnnouncementBody, response: { 200: RoomModerationView } } }, async (req) =>
    room.setAnnouncement(requireStaff(req, PERMISSION), req.params.id, req.body.text),
  );
  r.post(`${base}/slow-mode`, { schema: { tags, params: session, body: SlowModeBody, response: { 200: RoomModerationView } } }, async (req) =>
    room.setSlowMode(requireStaff(req, PERMISSION), req.params.id, req.body.seconds),
  );
  r.get(`${base}/queue`, { schema: { tags, params: session, querystring: QueueQuery, response: { 200: z.object({ items: z.array(QueueItemView) }) } } }, async (req) => ({
    items: await room.queue(requireStaff(req, PERMISSION), req.params.id, req.query),
  }));
  const queued = z.strictObject({ id: Id, messageId: Id });
  r.post(`${base}/queue/:messageId/approve`, { schema: { tags, params: queued, response: { 200: QueueItemView } } }, async (req) =>
    room.approve(requireStaff(req, PERMISSION), req.params.id, req.params.messageId),
  );
  r.post(`${base}/queue/:messageId/reject`, { schema: { tags, params: queued, response: { 200: QueueItemView } } }, async (req) =>
    room.reject(requireStaff(req, PERMISSION), req.params.id, req.params.messageId),
  );
  r.get(`${base}/log`, { schema: { tags, params: session, querystring: ModerationLogQuery, response: { 200: ModerationLogPage } } }, async (req) =>
    room.log(requireStaff(req, PERMISSION), req.params.id, req.query),
  );

  // ---- a viewer reporting a message they saw
  r.post(
    '/api/v1/live-sessions/:id/chat/:messageId/report',
    { schema: { tags, params: queued, body: ReportMessageBody.optional() } },
    async (req, reply) => {
      await moderation.report(requireBuyer(req), req.params.id, req.params.messageId, req.body?.reason);
      return reply.code(204).send();
    },
  );

  // ---- the danmaku bot's keyword replies
  const replies = '/api/v1/live-sessions/:id/bot-replies';
  const reply = z.strictObject({ id: Id, replyId: Id });
  const list = z.object({ items: z.array(BotReplyView) });
  r.get(replies, { schema: { tags, params: session, response: { 200: list } } }, async (req) => ({
    items: await bot.list(requireStaff(req, PERMISSION), req.params.id),
  }));
  r.post(replies, { schema: { tags, params: session, body: BotReplyRule, response: { 201: BotReplyView } } }, async (req, res) =>
    res.code(201).send(await bot.create(requireStaff(req, PERMISSION), req.params.id, req.body)),
  );
  r.put(replies, { schema: { tags, params: session, body: ReplaceBotRepliesBody, response: { 200: list } } }, async (req) => ({
    items: await bot.replace(requireStaff(req, PERMISSION), req.params.id, req.body.rules),
  }));
  r.patch(`${replies}/:replyId`, { schema: { tags, params: reply, body: UpdateBotReplyBody, response: { 200: BotReplyView } } }, async (req) =>
    bot.update(requireStaff(req, PERMISSION), req.params.id, req.params.replyId, req.body),
  );
  r.delete(`${replies}/:replyId`, { schema: { tags, params: reply } }, async (req, res) => {
    await bot.remove(requireStaff(req, PERMISSION), req.params.id, req.params.replyId);
    return res.code(204).send();
  });
}
