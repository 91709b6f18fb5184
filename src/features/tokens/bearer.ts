import type { BearerResolver } from '../../http/authenticate.js';
import { clientInfo } from '../../http/client-info.js';
import type { TokenService } from './service.js';

/** Plugs API tokens into the authentication guards (`Authorization: Bearer uh_…`). */
export function tokenBearer(tokens: TokenService): BearerResolver {
  return { resolve: (token, request, join) => tokens.authenticate(token, () => clientInfo(request), join) };
}
