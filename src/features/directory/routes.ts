import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NoContent, problems } from '../../http/schemas.js';
import { SYNC_INTERVAL_RANGE } from './config.js';
import type { DirectoryService } from './service.js';
import { auditByOf } from '../audit/by.js';

const AttributeName = Type.String({ minLength: 1, maxLength: 64 });

const AttributesSchema = Type.Object(
  { id: AttributeName, username: AttributeName, email: AttributeName, displayName: AttributeName },
  { description: 'LDAP attribute of each field; defaults entryUUID, uid, mail, cn' },
);

const DirectoryInputSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'false: no sync and no sign-in for directory users' })),
    url: Type.String({ minLength: 1, maxLength: 512, description: 'ldap://host:port or ldaps://host:port' }),
    bindDn: Type.String({ minLength: 1, maxLength: 1024 }),
    bindPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'write-only; omit to keep the stored one' })),
    baseDn: Type.String({ minLength: 1, maxLength: 1024 }),
    userFilter: Type.Optional(Type.String({ minLength: 3, maxLength: 2048, description: 'default (objectClass=inetOrgPerson)' })),
    attributes: Type.Optional(Type.Partial(AttributesSchema, { additionalProperties: false })),
    providesTwoFactor: Type.Optional(Type.Boolean({ description: 'the directory gives its users a second factor: no TOTP enrolment here' })),
    syncIntervalMinutes: Type.Optional(Type.Integer({ ...SYNC_INTERVAL_RANGE, description: '0: manual sync only' })),
  },
  { additionalProperties: false },
);

const ConfigViewSchema = Type.Object({
  enabled: Type.Boolean(),
  url: Type.String(),
  bindDn: Type.String(),
  bindPasswordSet: Type.Boolean(),
  baseDn: Type.String(),
  userFilter: Type.String(),
  attributes: AttributesSchema,
  providesTwoFactor: Type.Boolean(),
  syncIntervalMinutes: Type.Integer(),
});

const SyncReportSchema = Type.Object({
  trigger: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
  found: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  enabled: Type.Integer(),
  disabled: Type.Integer(),
  unchanged: Type.Integer(),
  skipped: Type.Array(Type.Object({ dn: Type.String(), username: Type.Union([Type.String(), Type.Null()]), reason: Type.String() })),
});

const LastSyncSchema = Type.Object({
  trigger: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
  ok: Type.Boolean(),
  error: Type.Union([Type.String(), Type.Null()]),
  report: Type.Union([SyncReportSchema, Type.Null()]),
});

/** The external directory, for administrators. */
export const directoryRoutes: FastifyPluginAsyncTypebox<{ directory: DirectoryService }> = async (app, { directory }) => {
  app.addHook('preValidation', app.requireAdmin);

  app.get(
    '/admin/directory',
    {
      schema: {
        tags: ['directory'],
        operationId: 'getDirectory',
        summary: 'The LDAP configuration (never the bind password) and the last sync',
        response: {
          200: Type.Object({ config: Type.Union([ConfigViewSchema, Type.Null()]), lastSync: Type.Union([LastSyncSchema, Type.Null()]) }),
        },
      },
    },
    async () => directory.view(),
  );

  app.put(
    '/admin/directory',
    {
      // changing where passwords are checked is granting power: a recent interactive sign-in
      preValidation: app.requireRecentSignIn,
      schema: {
        tags: ['directory'],
        operationId: 'configureDirectory',
        summary: 'Configure the LDAP directory (the bind password is stored encrypted)',
        body: DirectoryInputSchema,
        response: { 200: ConfigViewSchema },
      },
    },
    async (request) => directory.configure(request.body, auditByOf(request)),
  );

  app.delete(
    '/admin/directory',
    {
      // changing where passwords are checked is granting power: a recent interactive sign-in
      preValidation: app.requireRecentSignIn,
      schema: {
        tags: ['directory'],
        operationId: 'disconnectDirectory',
        summary: 'Disconnect the directory; its users stay but cannot sign in until it is back',
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await directory.remove(auditByOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/admin/directory/test',
    {
      // no body at all is null (JSON Schema, and so the OpenAPI document, has no "undefined")
      preValidation: (request, _reply, done) => {
        request.body ??= null;
        done();
      },
      schema: {
        tags: ['directory'],
        operationId: 'testDirectory',
        summary: 'Bind and count the users: the stored configuration, or the one in the body before saving it',
        body: Type.Union([DirectoryInputSchema, Type.Null()], { description: 'omit (or null) to test the stored configuration' }),
        response: { 200: Type.Object({ ok: Type.Literal(true), users: Type.Integer() }), ...problems(404, 422) },
      },
    },
    async (request) => directory.test(request.body ?? null),
  );

  app.post(
    '/admin/directory/sync',
    {
      schema: {
        tags: ['directory'],
        operationId: 'syncDirectory',
        summary: 'Sync now: create, update, disable and re-enable directory users',
        response: { 200: SyncReportSchema, ...problems(404, 409, 422) },
      },
    },
    async (request) => directory.sync('manual', auditByOf(request)),
  );
};
