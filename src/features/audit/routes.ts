import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PaginationQuery, pageOf, readCursor } from '../../http/pagination.js';
import { NO_NUL_PATTERN } from '../../http/schemas.js';
import { AUDIT_TARGET_KINDS, AUDIT_TYPES } from './audit-types.js';
import type { AuditService } from './service.js';

const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const AuditEntrySchema = Type.Object({
  id: Type.String(),
  type: Type.Enum(AUDIT_TYPES),
  actor: Type.Object({ id: Nullable(Type.String()), username: Type.String({ description: '"system": the command line or the scheduled directory sync' }) }),
  target: Type.Object({
    kind: Type.Enum(AUDIT_TARGET_KINDS),
    id: Nullable(Type.String()),
    label: Type.String({ description: 'a copy (username, name) kept after the target is deleted' }),
  }),
  at: Type.String({ format: 'date-time' }),
  ip: Nullable(Type.String()),
  changes: Type.Record(Type.String(), Type.Unknown(), { description: 'field → {from, to}, or what was done' }),
});

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: NO_NUL_PATTERN });

/** The admin audit: administrators only (user managers see a user's own timeline, not this). */
export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.addHook('preValidation', app.requireAdmin);

  app.get(
    '/admin/audit',
    {
      schema: {
        tags: ['audit'],
        operationId: 'listAudit',
        summary: 'Administrative changes, newest first, optionally by actor, target or type',
        querystring: Type.Object({
          actor: Type.Optional(Id),
          target: Type.Optional(Id),
          type: Type.Optional(Type.Enum(AUDIT_TYPES)),
          ...PaginationQuery,
        }),
        response: { 200: pageOf(AuditEntrySchema) },
      },
    },
    async (request) => {
      const { actor, target, type, limit = 20, cursor } = request.query;
      return audit.list({ actorId: actor ?? null, targetId: target ?? null, type: type ?? null }, limit, readCursor(cursor));
    },
  );
};
