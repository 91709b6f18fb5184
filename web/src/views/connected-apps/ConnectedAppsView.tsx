import { useTranslation } from 'react-i18next';
import { useConnectedApps, useRevokeConnectedApp } from '../../api/connected-apps';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Card, PageHeader } from '../../components/ui';
import { Time } from '../../lib/dates';
import { scopeLabel } from '../oidc/scopes';

/** The apps the user signed in to with this account (single sign-on), what each may see, and removing one. */
export function ConnectedAppsView() {
  const { t } = useTranslation();
  const apps = useConnectedApps();
  const revoke = useRevokeConnectedApp();
  return (
    <>
      <PageHeader title={t('connectedApps.title')} description={t('connectedApps.description')} />
      <Card>
        <ResourceList list={apps} error={revoke.error} empty={t('connectedApps.none')} testId="connected-apps">
          {({ app, scopes, grantedAt, lastUsedAt }) => (
            <ItemRow
              key={app.id}
              title={app.name}
              meta={[
                app.url ? [t('connectedApps.address'), app.url] : null,
                [t('connectedApps.allowed'), <Time value={grantedAt} />],
                [t('connectedApps.lastUsed'), lastUsedAt ? <Time value={lastUsedAt} relative /> : t('connectedApps.never')],
              ]}
              actions={
                <ConfirmButton
                  label={t('connectedApps.revoke')}
                  ariaLabel={t('connectedApps.revokeNamed', { name: app.name })}
                  title={t('connectedApps.revokeTitle')}
                  message={t('connectedApps.revokeText', { name: app.name })}
                  confirmLabel={t('connectedApps.revoke')}
                  disabled={revoke.isPending}
                  onConfirm={() => revoke.mutate(app.id)}
                />
              }
            >
              {scopes.length > 0 ? (
                <ul className="scope-summary" aria-label={t('connectedApps.mayUse', { name: app.name })}>
                  {scopes.map((scope) => (
                    <li key={scope}>{scopeLabel(t, scope)}</li>
                  ))}
                </ul>
              ) : null}
            </ItemRow>
          )}
        </ResourceList>
      </Card>
    </>
  );
}
