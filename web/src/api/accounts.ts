import { useQueryClient } from '@tanstack/react-query';
import { usePagedList, useWholeList } from './lists';
import type { Membership } from './types';

const membershipsKey = ['accounts'] as const;

/** The accounts (organisations) the user belongs to, with their group and MFA rule; an instance without accounts answers none. */
export const useMemberships = () => usePagedList<Membership>([...membershipsKey, 'pages'], '/accounts');

/** All of them at once, for a rule over every membership ("an account demands 2FA"). */
export const useAllMemberships = (enabled = true) => useWholeList<Membership>([...membershipsKey, 'all'], '/accounts', enabled);

/** Asks the server again whether each membership's MFA rule is met (after a second factor is added or removed). */
export function useRefreshMemberships() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: membershipsKey });
}
