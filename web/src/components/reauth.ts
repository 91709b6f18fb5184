import { createContext, useContext } from 'react';

/** Runs an action; when the server answers `reauthentication_required`, asks for a fresh sign-in proof and retries once. */
export type WithReauth = <T>(action: () => Promise<T>) => Promise<T>;

/** Provided by DialogProvider (components/dialogs.tsx), which owns the re-authentication dialog. */
export const ReauthContext = createContext<WithReauth | null>(null);

/** Runs a sensitive action; when the server wants a fresh sign-in proof, asks for it and retries once. */
export function useReauth(): WithReauth {
  const value = useContext(ReauthContext);
  if (!value) throw new Error('useReauth outside DialogProvider');
  return value;
}
