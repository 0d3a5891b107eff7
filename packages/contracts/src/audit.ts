import { z } from 'zod';

export const AuditChange = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });

export const AuditEntryView = z.object({
  id: z.string(),
  at: z.number().int(),
  actorType: z.enum(['user', 'api_key', 'buyer', 'system']),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  changes: z.array(AuditChange),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditQuery = z.strictObject({
  actorId: z.string().optional(),
  action: z.string().max(100).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  /** opaque; pass `nextCursor` of the previous page */
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({
  items: z.array(AuditEntryView),
  nextCursor: z.string().nullable(),
});
