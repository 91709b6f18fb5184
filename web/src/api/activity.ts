import { usePagedList } from './lists';
import type { EventKind, SecurityEvent } from './types';

/** The account's security timeline, newest first, optionally of one kind. */
export const useSecurityEvents = (kind: EventKind | '' = '') => usePagedList<SecurityEvent>(['activity'], '/profile/events', { kind: kind || undefined });
