import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import { notFound } from '../../http/problem.js';
import { problems } from '../../http/schemas.js';
import type { ProfileService } from '../profile/service.js';
import { ProfileSchema } from '../profile/view.js';
import { MAX_ASPECT_RATIO, MAX_FRAMES, MAX_INPUT_PIXELS, MAX_SIDE } from './images.js';
import { INITIALS_SIZES, type InitialsSize, isValidInitials, renderInitials } from './initials.js';
import { type ImageSlot, type MediaService, UPLOAD_WINDOWS } from './service.js';
import { UPLOAD_LIMITS, readImageUpload } from './upload.js';

/** Media URLs never change meaning: a new upload gets a new id. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const WebpBody = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/webp' });

const SLOTS: { slot: ImageSlot; label: string }[] = [
  { slot: 'avatar', label: 'avatar (cropped square, 256 and 64 px)' },
  { slot: 'background', label: 'background image (at most 2560 px)' },
];

/** PUT/DELETE of the avatar and background; multipart is registered here only. */
const uploadRoutes: FastifyPluginAsyncTypebox<{ media: MediaService; profile: ProfileService }> = async (app, { media, profile }) => {
  await app.register(multipart, {
    // the raw name, so a path in it can be refused rather than silently cut off
    preservePath: true,
    limits: { files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 50, fieldNameSize: 100 },
  });

  for (const { slot, label } of SLOTS) {
    const maxMb = UPLOAD_LIMITS[slot] / (1024 * 1024);
    app.put(
      `/profile/${slot}`,
      {
        preHandler: app.requireUser,
        schema: {
          tags: ['media'],
          operationId: slot === 'avatar' ? 'uploadAvatar' : 'uploadBackground',
          summary: `Upload the ${label}: PNG, JPEG, WebP or GIF, at most ${maxMb} MB`,
          description:
            'multipart/form-data with the image in the field `file`; re-encoded to WebP without metadata. ' +
            `At most ${MAX_SIDE} px a side, ${MAX_INPUT_PIXELS / 1_000_000} megapixels, ${MAX_ASPECT_RATIO}:1 and ${MAX_FRAMES} frames ` +
            `(only the first is kept); ${UPLOAD_WINDOWS[0]!.max} uploads an hour per user.`,
          consumes: ['multipart/form-data'],
          response: { 200: ProfileSchema, ...problems(404, 422, 429) },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const upload = await readImageUpload(request, UPLOAD_LIMITS[slot]);
        await media.upload(auth.user.id, slot, upload, clientInfo(request));
        return profile.view(auth.user);
      },
    );

    app.delete(
      `/profile/${slot}`,
      {
        preHandler: app.requireUser,
        schema: {
          tags: ['media'],
          operationId: slot === 'avatar' ? 'deleteAvatar' : 'deleteBackground',
          summary: slot === 'avatar' ? 'Remove the avatar: back to Gravatar, or initials when Gravatar is off' : 'Remove the background image',
          response: { 200: ProfileSchema, ...problems(404) },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await media.remove(auth.user.id, slot, clientInfo(request));
        return profile.view(auth.user);
      },
    );
  }
};

export const mediaRoutes: FastifyPluginAsyncTypebox<{ media: MediaService; profile: ProfileService }> = async (app, options) => {
  const { media } = options;

  app.get(
    '/media/:id',
    {
      schema: {
        tags: ['media'],
        operationId: 'getMedia',
        summary: 'An uploaded image (WebP); public to whoever has the unguessable URL, cacheable forever',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        security: [],
        response: { 200: WebpBody, ...problems(404) },
      },
    },
    async (request, reply) => {
      const found = await media.read(request.params.id);
      if (!found) throw notFound('media_not_found', 'No such image.');
      return reply
        .header('content-type', 'image/webp')
        .header('cache-control', IMMUTABLE)
        .header('content-disposition', `inline; filename="${found.filename}"`)
        .send(found.data);
    },
  );

  app.get(
    '/media/initials/:color/:letters',
    {
      schema: {
        tags: ['media'],
        operationId: 'getInitialsImage',
        summary: 'Initials avatar (WebP) for users without a picture when Gravatar is off',
        params: Type.Object({ color: Type.Integer({ minimum: 0, maximum: 63 }), letters: Type.String({ minLength: 1, maxLength: 32 }) }),
        querystring: Type.Object({ size: Type.Optional(Type.Union(INITIALS_SIZES.map((s) => Type.Literal(s)))) }),
        security: [],
        response: { 200: WebpBody, ...problems(404) },
      },
    },
    async (request, reply) => {
      const { color, letters } = request.params;
      if (!isValidInitials(color, letters)) throw notFound('media_not_found', 'No such image.');
      const size: InitialsSize = request.query.size ?? 256;
      return reply
        .header('content-type', 'image/webp')
        .header('cache-control', IMMUTABLE)
        .header('content-disposition', `inline; filename="initials-${size}.webp"`)
        .send(await renderInitials(color, letters, size));
    },
  );

  await app.register(uploadRoutes, options);
};
