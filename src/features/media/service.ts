import type { Db, MediaRow, UserRow } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { Problem, notFound } from '../../http/problem.js';
import { type Clock, iso } from '../../lib/clock.js';
import { gravatarUrl } from '../../lib/gravatar.js';
import type { Logger } from '../../lib/logger.js';
import { newId } from '../../lib/secrets.js';
import type { ActivityService } from '../activity/service.js';
import type { Budgets } from '../budgets/service.js';
import type { Window } from '../../lib/rate-budget.js';
import { type EncodedImage, encodeAvatar, encodeBackground } from './images.js';
import { initialsUrl } from './initials.js';
import type { MediaStorage } from './storage.js';
import * as store from './store.js';

export type ImageSlot = 'avatar' | 'background';
export type NewestImages = store.NewestImages;

/** The picture URLs of a profile. */
export interface ProfileImages {
  avatarUrl: string;
  avatarSmallUrl: string;
  backgroundUrl: string | null;
}

const SLOT_PURPOSES: Record<ImageSlot, store.MediaPurpose[]> = {
  avatar: ['avatar', 'avatar_small'],
  background: ['background'],
};

const MEDIA_ID = /^[A-Za-z0-9_-]{22}$/;

/** Uploads a user may make (avatar and background together), counted before any decoding. */
export const UPLOAD_WINDOWS: readonly Window[] = [{ windowMs: 3_600_000, max: 20 }];

export function mediaUrl(id: string): string {
  return `/api/v1/media/${id}`;
}

export interface MediaServiceOptions {
  db: Db;
  clock: Clock;
  storage: MediaStorage;
  activity: ActivityService;
  log: Logger;
  /** the admin settings (cached): `gravatar` decides the fallback picture */
  settings: { current(): Promise<{ gravatar: boolean }> };
  budgets: Budgets;
}

/**
 * Avatars and background images: decoded and re-encoded by sharp, bytes in a {@link MediaStorage},
 * one `media` row per file. New files are written before the transaction that points at them and
 * replaced files are deleted after it commits, so a crash never leaves a row without its file.
 */
export class MediaService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly storage: MediaStorage;
  private readonly activity: ActivityService;
  private readonly log: Logger;
  private readonly settings: { current(): Promise<{ gravatar: boolean }> };
  private readonly budgets: Budgets;

  constructor(options: MediaServiceOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.storage = options.storage;
    this.activity = options.activity;
    this.log = options.log;
    this.settings = options.settings;
    this.budgets = options.budgets;
  }

  /**
   * Replaces the user's avatar (256 + 64 px) or background with the uploaded image. Every
   * upload spends the user's budget, refused ones too (they cost a header read); only an upload
   * the busy queue turned away gets its use back.
   * @throws 429 rate_limited, 415 unsupported_image, 422 image_too_large | extreme_aspect_ratio |
   *   too_many_frames, 503 media_busy, 404 user_not_found
   */
  async upload(userId: string, slot: ImageSlot, upload: Buffer, client: ClientInfo): Promise<void> {
    const reservation = await this.budgets.take([{ key: `upload:${userId}`, windows: UPLOAD_WINDOWS }]);
    const encoded: { purpose: store.MediaPurpose; image: EncodedImage }[] = [];
    try {
      if (slot === 'avatar') {
        const { large, small } = await encodeAvatar(upload);
        encoded.push({ purpose: 'avatar', image: large }, { purpose: 'avatar_small', image: small });
      } else {
        encoded.push({ purpose: 'background', image: await encodeBackground(upload) });
      }
    } catch (error) {
      if (error instanceof Problem && error.code === 'media_busy') await reservation.release();
      throw error;
    }
    const now = iso(this.clock.now());
    const files = encoded.map(({ purpose, image }) => {
      const id = newId();
      const row: MediaRow = {
        id,
        user_id: userId,
        purpose,
        storage_key: `${userId}/${id}.webp`,
        width: image.width,
        height: image.height,
        bytes: image.data.length,
        created_at: now,
      };
      return { row, data: image.data };
    });
    const written: string[] = [];
    let replaced: string[] = [];
    try {
      for (const { row, data } of files) {
        await this.storage.put(row.storage_key, data);
        written.push(row.storage_key);
      }
      await this.db.transaction().execute(async (trx) => {
        if (!(await store.lockUserById(trx, userId, now))) throw notFound('user_not_found', 'No such user.');
        replaced = await store.deleteByUserIdAndPurposes(trx, userId, SLOT_PURPOSES[slot]);
        await store.insertMedia(trx, files.map((file) => file.row));
        await this.activity.record(trx, userId, 'profile_updated', client, { fields: [slot] });
      });
    } catch (error) {
      await this.removeFiles(written);
      throw error;
    }
    await this.removeFiles(replaced);
  }

  /** Removes the avatar (back to Gravatar or initials) or the background; nothing to remove is fine. */
  async remove(userId: string, slot: ImageSlot, client: ClientInfo): Promise<void> {
    const now = iso(this.clock.now());
    const removed = await this.db.transaction().execute(async (trx) => {
      if (!(await store.lockUserById(trx, userId, now))) throw notFound('user_not_found', 'No such user.');
      const keys = await store.deleteByUserIdAndPurposes(trx, userId, SLOT_PURPOSES[slot]);
      if (keys.length > 0) await this.activity.record(trx, userId, 'profile_updated', client, { fields: [slot] });
      return keys;
    });
    await this.removeFiles(removed);
  }

  /** The id of the user's newest image of each purpose (then `imagesFrom`). */
  newestImages(userId: string): Promise<store.NewestImages> {
    return store.findNewestImagesByUserId(this.db, userId);
  }

  /** The user's newest image ids as columns of the caller's row (see UserJoin); then `imagesFrom`. */
  readonly imagesJoin = store.newestImagesJoin;

  /**
   * The profile's picture URLs from the newest image ids: the uploaded avatar, else Gravatar (when
   * the instance allows it), else the user's initials rendered as WebP.
   */
  async imagesFrom(user: UserRow, newest: store.NewestImages): Promise<ProfileImages> {
    const backgroundUrl = newest.background ? mediaUrl(newest.background) : null;
    if (newest.avatar) return { avatarUrl: mediaUrl(newest.avatar), avatarSmallUrl: mediaUrl(newest.avatar_small ?? newest.avatar), backgroundUrl };
    if ((await this.settings.current()).gravatar) {
      return { avatarUrl: gravatarUrl(user.email, 256), avatarSmallUrl: gravatarUrl(user.email, 64), backgroundUrl };
    }
    return {
      avatarUrl: initialsUrl(user.id, user.display_name, user.username, 256),
      avatarSmallUrl: initialsUrl(user.id, user.display_name, user.username, 64),
      backgroundUrl,
    };
  }

  /** The bytes behind `/api/v1/media/<id>`, or null (unknown id, or the file is gone). */
  async read(id: string): Promise<{ data: Buffer; filename: string } | null> {
    if (!MEDIA_ID.test(id)) return null;
    const row = await store.findMediaById(this.db, id);
    if (!row) return null;
    const data = await this.storage.get(row.storage_key);
    if (!data) {
      this.log.warn({ mediaId: id }, 'media row without its file');
      return null;
    }
    const filename = row.purpose === 'background' ? 'background.webp' : `avatar-${row.width}.webp`;
    return { data, filename };
  }

  /**
   * Deletes every file of the user. Call it after the transaction that deleted the user (the
   * rows go by cascade); never throws: a failure is logged and leaves unreachable files only.
   */
  async deleteAllForUser(userId: string): Promise<void> {
    try {
      await this.storage.deletePrefix(userId);
    } catch (error) {
      this.log.error({ err: error, userId }, 'could not delete the media files of a deleted user');
    }
  }

  private async removeFiles(keys: string[]): Promise<void> {
    for (const key of keys) {
      try {
        await this.storage.delete(key);
      } catch (error) {
        this.log.warn({ err: error, key }, 'could not delete a replaced media file');
      }
    }
  }
}
