import { PassThrough, type Readable } from 'node:stream';
import yazl from 'yazl';
import type { UserRow } from '../../db/schema.js';
import { everyPage } from '../../lib/cursor.js';
import type { AccountService } from '../accounts/service.js';
import type { ActivityService } from '../activity/service.js';
import type { AppPasswordService } from '../app-passwords/service.js';
import type { MediaService } from '../media/service.js';
import type { OidcService } from '../oidc/service.js';
import type { PasskeyService } from '../passkeys/service.js';
import type { ProfileService } from '../profile/service.js';
import type { SessionService } from '../sessions/service.js';
import type { TokenService } from '../tokens/service.js';

export interface DataExportOptions {
  profile: Pick<ProfileService, 'view'>;
  sessions: Pick<SessionService, 'list'>;
  activity: Pick<ActivityService, 'list'>;
  tokens: Pick<TokenService, 'list'>;
  appPasswords: Pick<AppPasswordService, 'list'>;
  passkeys: Pick<PasskeyService, 'list'>;
  accounts: Pick<AccountService, 'listForUser'>;
  oidc: Pick<OidcService, 'connectedApps'>;
  media: Pick<MediaService, 'newestImages' | 'read'>;
}

const PAGE = 100;

/**
 * "Download your data": everything the user can see about themselves, as the views show it
 * (the same functions the routes answer with), in one zip: never a secret or a hash, because
 * no view holds one. Read fully before the first byte goes out, so a failure is a clean error.
 */
export class DataExportService {
  constructor(private readonly options: DataExportOptions) {}

  /** The files of the export, by name. */
  async files(user: UserRow, currentSessionId: string | null): Promise<Map<string, Buffer>> {
    const o = this.options;
    const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    const files = new Map<string, Buffer>();
    files.set('profile.json', json(await o.profile.view(user)));
    files.set('sessions.json', json(await everyPage((before) => o.sessions.list(user.id, currentSessionId, 'all', PAGE, before))));
    files.set('events.json', json(await everyPage((before) => o.activity.list(user.id, PAGE, before))));
    files.set('tokens.json', json(await everyPage((before) => o.tokens.list(user.id, PAGE, before))));
    files.set('app-passwords.json', json(await everyPage((before) => o.appPasswords.list(user.id, PAGE, before))));
    files.set('passkeys.json', json(await o.passkeys.list(user.id)));
    files.set('memberships.json', json(await everyPage((before) => o.accounts.listForUser(user, PAGE, before))));
    files.set('connected-apps.json', json(await o.oidc.connectedApps(user.id)));
    const images = await o.media.newestImages(user.id);
    for (const [purpose, name] of [
      ['avatar', 'avatar.webp'],
      ['background', 'background.webp'],
    ] as const) {
      const id = images[purpose];
      const file = id ? await o.media.read(id) : null;
      if (file) files.set(name, file.data);
    }
    return files;
  }

  /** The export as a zip stream. */
  async zip(user: UserRow, currentSessionId: string | null): Promise<Readable> {
    const files = await this.files(user, currentSessionId);
    const zip = new yazl.ZipFile();
    const mtime = new Date();
    for (const [name, data] of files) zip.addBuffer(data, `userhub-${user.username}/${name}`, { mtime, compress: !name.endsWith('.webp') });
    zip.end();
    return zip.outputStream.pipe(new PassThrough());
  }
}
