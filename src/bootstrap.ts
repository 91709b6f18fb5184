import type { Config } from './config.js';
import type { Services } from './services.js';

/**
 * First start: with no users at all, create the administrator `admin` with the configured
 * password, or a generated one that is returned so the caller prints it once.
 */
export async function ensureBootstrapAdmin(services: Services, config: Config): Promise<{ username: string; password: string | null } | null> {
  if ((await services.users.count()) > 0) return null;
  const { user, generatedPassword } = await services.users.create({
    username: 'admin',
    email: config.bootstrapAdmin.email,
    displayName: 'Administrator',
    password: config.bootstrapAdmin.password,
    role: 'admin',
    allowReservedUsername: true,
  });
  return { username: user.username, password: generatedPassword };
}
