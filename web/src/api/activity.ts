import { usePagedList } from './lists';
import type { SecurityEvent } from './types';

/** The account's security timeline, newest first. */
export const useSecurityEvents = () => usePagedList<SecurityEvent>(['activity'], '/profile/events');
