import type { UserRow } from '../../db/schema.js';
import { profileLocks } from '../profile/locks.js';
import type { ProfileRuleSource } from '../profile/service.js';
import type { ProfileRules } from '../profile/view.js';
import type { TwoFactorRequirement } from './mandatory-twofactor.js';
import type { SettingsService } from './service.js';

export interface InstanceProfileRulesOptions {
  settings: SettingsService;
  directory: { providesTwoFactorFor(user: Pick<UserRow, 'source'>): Promise<boolean> };
  twoFactor: TwoFactorRequirement;
}

/**
 * The profile rules from the instance settings (profile lock, Gravatar, password policy,
 * mandatory 2FA) and the directory (who owns an LDAP user's fields and second factor).
 * Everything comes from the cached settings, so GET /profile stays one cheap step.
 */
export class InstanceProfileRules implements ProfileRuleSource {
  private readonly settings: SettingsService;
  private readonly directory: { providesTwoFactorFor(user: Pick<UserRow, 'source'>): Promise<boolean> };
  private readonly twoFactor: TwoFactorRequirement;

  constructor(options: InstanceProfileRulesOptions) {
    this.settings = options.settings;
    this.directory = options.directory;
    this.twoFactor = options.twoFactor;
  }

  async describe(user: UserRow): Promise<ProfileRules> {
    const settings = await this.settings.current();
    const directoryTwoFactor = await this.directory.providesTwoFactorFor(user);
    return {
      locks: profileLocks(user, { profilesLocked: settings.profilesLocked, directoryTwoFactor }),
      gravatar: settings.gravatar,
      twoFactorSetupRequired: await this.twoFactor.isSetupRequired(user),
    };
  }

  async passwordMinLength(): Promise<number> {
    return (await this.settings.current()).passwordPolicy.minLength;
  }
}
