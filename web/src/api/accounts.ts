import { usePagedList, useWholeList } from './lists';
import type { Membership } from './types';

const membershipsKey = ['accounts'] as const;

/** The accounts (organisations) the user belongs to, with their group and MFA rule; an instance without accounts answers none. */
export const useMemberships = () => usePagedList<Membership>([...membershipsKey, 'pages'], '/accounts');

/** All of them at once, for a rule over every membership ("an account demands 2FA"). */
export const useAllMemberships = (enabled = true) => useWholeList<Membership>([...membershipsKey, 'all'], '/accounts', enabled);
