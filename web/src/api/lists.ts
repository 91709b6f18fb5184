import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, query } from './client';
import type { Page } from './types';

/** Rows per request; the server allows 1–100. */
export const PAGE_SIZE = 50;

/** What a list view renders (components/lists.tsx): rows so far, and how to get the next ones. */
export interface ListState<T> {
  items: T[];
  isPending: boolean;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  /** asks again after a failure (offline, a server error) */
  retry: () => void;
}

type Params = Record<string, string | number | undefined>;

/**
 * A cursor-paginated list, one page at a time: the pages are concatenated and `loadMore`
 * follows `nextCursor` (a "Show more" button, as GitHub's and Google's account pages do),
 * so nothing stops at a fixed number of rows. The key is the resource's; params join it (a
 * `limit` among them replaces PAGE_SIZE).
 */
export function usePagedList<T>(key: readonly unknown[], path: string, params: Params = {}, enabled = true): ListState<T> {
  const result = useInfiniteQuery({
    queryKey: [...key, params],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api.get<Page<T>>(`${path}${query({ limit: PAGE_SIZE, ...params, cursor: pageParam ?? undefined })}`, signal),
    getNextPageParam: (last) => last.nextCursor,
  });
  return {
    items: result.data?.pages.flatMap((page) => page.items) ?? [],
    isPending: result.isPending && enabled,
    error: result.error,
    hasMore: result.hasNextPage,
    loadingMore: result.isFetchingNextPage,
    loadMore: () => void result.fetchNextPage(),
    retry: () => void result.refetch(),
  };
}

/** Every page of a list, for the few places that need all rows at once (a picker, a rule over all memberships). */
export async function fetchAll<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.get<Page<T>>(`${path}${query({ ...params, limit: 100, cursor: cursor ?? undefined })}`, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The whole list (every page) as one query. */
export function useWholeList<T>(key: readonly unknown[], path: string, enabled = true) {
  return useQuery({ queryKey: key, enabled, queryFn: ({ signal }) => fetchAll<T>(path, {}, signal) });
}

/** A list the server answers in one piece (no cursor), shaped like a paged one for the list components. */
export function listOf<T>(result: { data?: { items: T[] }; isPending: boolean; error: unknown; refetch: () => Promise<unknown> }): ListState<T> {
  return { items: result.data?.items ?? [], isPending: result.isPending, error: result.error, hasMore: false, loadingMore: false, loadMore: () => undefined, retry: () => void result.refetch() };
}
