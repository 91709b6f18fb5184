import { useMutation, useQueryClient } from '@tanstack/react-query';
import { appsKey } from './app-passwords';
import { api } from './client';
import { usePagedList } from './lists';
import type { AdminApp, AppPatch, CreatedApp, NewApp, RotatedSecret } from './types';

const adminAppsKey = ['admin', 'apps'] as const;
const appPath = (id: string) => `/admin/apps/${encodeURIComponent(id)}`;

/** Registered apps (mail, files…) that verify users by app password or sign them in by OpenID Connect. */
export const useAdminApps = () => usePagedList<AdminApp>(adminAppsKey, '/admin/apps');

function useRefreshApps() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: adminAppsKey });
    // Users pick from the same apps when they create an app password.
    void client.invalidateQueries({ queryKey: appsKey });
  };
}

/** The answer carries the app's secret, shown once. */
export function useRegisterApp() {
  const refresh = useRefreshApps();
  return useMutation({ mutationFn: (body: NewApp) => api.post<CreatedApp>('/admin/apps', body), onSuccess: refresh });
}

/** Name, address and the single sign-on settings (redirect URIs, client type, consent, who may use it). */
export function useUpdateApp(id: string) {
  const refresh = useRefreshApps();
  return useMutation({ mutationFn: (body: AppPatch) => api.patch<AdminApp>(appPath(id), body), onSuccess: refresh });
}

/** A new secret, shown once; the old one stops working. */
export function useRotateAppSecret() {
  const refresh = useRefreshApps();
  return useMutation({ mutationFn: (id: string) => api.post<RotatedSecret>(`${appPath(id)}/secret`), onSuccess: refresh });
}

export function useDeleteApp() {
  const refresh = useRefreshApps();
  return useMutation({ mutationFn: (id: string) => api.delete(appPath(id)), onSuccess: refresh });
}
