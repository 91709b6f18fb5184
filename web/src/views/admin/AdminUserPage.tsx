import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useAdminUser, useAdminUserEvents, useAdminUserMemberships, useAdminUserSessions, useEndUserSessions, useSendPasswordReset } from '../../api/admin-user-page';
import { useDeleteUser, useResendInvitation, useResetTwoFactor, useUpdateUser } from '../../api/admin-users';
import { useMe } from '../../api/profile';
import { ROLES, type AdminUserDetail, type Role, type UserPatch } from '../../api/types';
import { LoadFailed } from '../../components/LoadFailed';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card, ErrorAlert, Loading, Notice, SelectField, TextField, useDocumentTitle } from '../../components/ui';
import { Time } from '../../lib/dates';
import { required, tooLong, useFieldErrors } from '../../lib/field-errors';
import { EventItem } from '../activity/EventItem';
import { accountPagePath } from './AdminAccounts';
import { sessionDevice, sessionName } from '../../lib/session-names';

/**
 * One user in the admin area (Keycloak's user details, Google Admin's user page): who they are,
 * how they sign in, where they are signed in now, what happened lately, and what an admin can do
 * about it. A user manager sees this page only for plain users (the server's rule).
 */
export function AdminUserPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useAdminUser(id);
  useDocumentTitle(user.data ? t('admin.userPage.title', { username: user.data.username }) : t('admin.users.title'));
  return (
    <>
      <p>
        <Link to="/admin/users">
          <span className="directional" aria-hidden="true">←</span> {t('admin.userPage.back')}
        </Link>
      </p>
      {user.isPending ? <Loading /> : null}
      <LoadFailed error={user.error} retry={() => void user.refetch()} />
      {user.data ? <UserDetails user={user.data} /> : null}
    </>
  );
}

function UserDetails({ user }: { user: AdminUserDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <div className="detail-header">
        <h2 className="detail-title">
          {user.displayName} <span className="muted">@{user.username}</span>
        </h2>
        {user.role !== 'user' ? <Badge kind="info">{t(`admin.roles.${user.role}`)}</Badge> : null}
        {user.disabled ? <Badge kind="danger">{t('admin.users.disabled')}</Badge> : null}
        {user.source === 'ldap' ? <Badge kind="neutral">{t('admin.users.ldap')}</Badge> : null}
        {user.invitationPending ? <Badge kind="warning">{t('admin.userPage.invitationPending')}</Badge> : null}
        {user.mustChangePassword ? <Badge kind="warning">{t('admin.userPage.temporaryPassword')}</Badge> : null}
        {me.isAdmin ? (
          <Link className="btn btn-small" to={`/admin/audit?target=${encodeURIComponent(user.id)}`}>
            {t('admin.userPage.inAudit')}
          </Link>
        ) : null}
      </div>
      <ProfileCard user={user} />
      <SecurityCard user={user} />
      <ActionsCard user={user} />
      <MembershipsCard user={user} />
      <SessionsCard user={user} />
      <ActivityCard user={user} />
    </>
  );
}

function ProfileCard({ user }: { user: AdminUserDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email);
  const [recoveryEmail, setRecoveryEmail] = useState(user.recoveryEmail ?? '');
  const [role, setRole] = useState<Role>(user.role);
  const [saved, setSaved] = useState(false);
  const save = useUpdateUser(user.id);
  const form = useFieldErrors(save.error, ['displayName', 'email', 'recoveryEmail', 'role']);
  const fromDirectory = user.source === 'ldap';
  const self = user.id === me.id;

  const patch: UserPatch = {};
  if (!fromDirectory && displayName.trim() !== user.displayName) patch.displayName = displayName.trim();
  if (!fromDirectory && email.trim() !== user.email) patch.email = email.trim();
  if (!fromDirectory && recoveryEmail.trim() !== (user.recoveryEmail ?? '')) patch.recoveryEmail = recoveryEmail.trim() || null;
  if (role !== user.role) patch.role = role;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const checks = fromDirectory ? {} : { displayName: required(displayName) ?? tooLong(displayName, 100), email: required(email) };
    if (!form.check(checks)) return;
    if (Object.keys(patch).length > 0) save.mutate(patch, { onSuccess: () => setSaved(true) });
  };
  return (
    <Card title={t('admin.userPage.profile')}>
      <form ref={form.ref} onSubmit={submit} noValidate>
        {fromDirectory ? <p className="hint lock-note">{t('admin.users.fromDirectory')}</p> : null}
        <TextField
          label={t('profile.displayName')}
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          error={form.error('displayName')}
          readOnly={fromDirectory}
          name="edit-display-name"
        />
        <TextField label={t('profile.email')} type="email" value={email} onChange={(event) => setEmail(event.target.value)} error={form.error('email')} readOnly={fromDirectory} name="edit-email" />
        <TextField
          label={t('profile.recoveryEmail')}
          type="email"
          value={recoveryEmail}
          placeholder={t('profile.recoveryPlaceholder', { email: user.email })}
          onChange={(event) => setRecoveryEmail(event.target.value)}
          error={form.error('recoveryEmail')}
          readOnly={fromDirectory}
          name="edit-recovery-email"
        />
        {me.isAdmin ? (
          <SelectField label={t('admin.users.role')} value={role} onChange={(event) => setRole(event.target.value as Role)} error={form.error('role')} disabled={self} name="edit-role">
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`admin.roles.${value}`)}
              </option>
            ))}
          </SelectField>
        ) : null}
        <ErrorAlert error={form.rest} />
        {saved ? <Notice kind="success" role="status">{t('common.saved')}</Notice> : null}
        <div className="button-row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Card>
  );
}

function SecurityCard({ user }: { user: AdminUserDetail }) {
  const { t } = useTranslation();
  const reset2fa = useResetTwoFactor(user.id);
  const [done, setDone] = useState<string | null>(null);
  const hasSecondFactor = user.twoFactor.totp || user.twoFactor.passkeys > 0;
  return (
    <Card title={t('admin.userPage.security')}>
      <dl className="facts">
        <dt>{t('admin.users.table.totp')}</dt>
        <dd>{user.twoFactor.totp ? <Badge kind="success">{t('admin.userPage.on')}</Badge> : t('admin.userPage.off')}</dd>
        <dt>{t('admin.userPage.passkeys')}</dt>
        <dd>{user.twoFactor.passkeys}</dd>
        <dt>{t('admin.users.table.lastSignIn')}</dt>
        <dd>{user.lastSignInAt ? <Time value={user.lastSignInAt} /> : t('admin.users.table.never')}</dd>
        <dt>{t('admin.users.created')}</dt>
        <dd>
          <Time value={user.createdAt} />
        </dd>
      </dl>
      <ErrorAlert error={reset2fa.error} />
      {done ? <Notice kind="success" role="status">{done}</Notice> : null}
      {hasSecondFactor ? (
        <div className="button-row">
          <ConfirmButton
            kind="block"
            label={t('admin.users.reset2fa')}
            title={t('admin.users.reset2faTitle')}
            message={t('admin.users.reset2faText', { username: user.username })}
            disabled={reset2fa.isPending}
            onConfirm={() =>
              reset2fa.mutate(undefined, {
                onSuccess: (result) =>
                  setDone(
                    t('admin.users.reset2faDone', {
                      totp: t(result.totpRemoved ? 'admin.users.reset2faTotpRemoved' : 'admin.users.reset2faNoTotp'),
                      passkeys: result.passkeysRemoved,
                      sessions: result.sessionsEnded,
                    }),
                  ),
              })
            }
          />
        </div>
      ) : null}
    </Card>
  );
}

function ActionsCard({ user }: { user: AdminUserDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const resetMail = useSendPasswordReset(user.id);
  const update = useUpdateUser(user.id);
  const remove = useDeleteUser(user.id);
  const resend = useResendInvitation(user.id);
  const self = user.id === me.id;
  const local = user.source === 'local';
  return (
    <Card title={t('admin.userPage.actions')}>
      <ErrorAlert error={resetMail.error ?? update.error ?? remove.error ?? resend.error} />
      {resetMail.isSuccess ? <Notice kind="success" role="status">{t('admin.userPage.resetSent', { email: user.recoveryEmail ?? user.email })}</Notice> : null}
      {resend.isSuccess ? <Notice kind="success" role="status">{t('admin.userPage.invitationSent', { email: user.email })}</Notice> : null}
      <div className="button-row">
        {user.invitationPending && !user.disabled ? (
          <button type="button" className="btn" onClick={() => resend.mutate()} disabled={resend.isPending}>
            {t('admin.userPage.resendInvitation')}
          </button>
        ) : null}
        {local && !self && !user.invitationPending ? (
          <button type="button" className="btn" onClick={() => update.mutate({ mustChangePassword: !user.mustChangePassword })} disabled={update.isPending}>
            {user.mustChangePassword ? t('admin.userPage.clearTemporary') : t('admin.userPage.requireNewPassword')}
          </button>
        ) : null}
        {local && !user.disabled && !user.invitationPending ? (
          <button type="button" className="btn" onClick={() => resetMail.mutate()} disabled={resetMail.isPending}>
            {t('admin.userPage.sendReset')}
          </button>
        ) : null}
        {!self && user.disabled ? (
          <button type="button" className="btn" onClick={() => update.mutate({ disabled: false })} disabled={update.isPending}>
            {t('admin.userPage.enable')}
          </button>
        ) : null}
        {!self && !user.disabled ? (
          <ConfirmButton
            kind="block"
            label={t('admin.userPage.disable')}
            title={t('admin.userPage.disableTitle', { username: user.username })}
            message={t('admin.users.disableHint')}
            disabled={update.isPending}
            onConfirm={() => update.mutate({ disabled: true })}
          />
        ) : null}
        {!self ? (
          <ConfirmButton
            kind="block"
            label={t('common.delete')}
            title={t('admin.users.deleteTitle')}
            message={t('admin.users.deleteText', { username: user.username })}
            disabled={remove.isPending}
            onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate('/admin/users') })}
          />
        ) : null}
      </div>
    </Card>
  );
}

function MembershipsCard({ user }: { user: AdminUserDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const memberships = useAdminUserMemberships(user.id);
  return (
    <Card title={t('admin.userPage.memberships')}>
      <ResourceList list={memberships} empty={t('admin.userPage.noMemberships')} testId="user-memberships">
        {(m) => (
          <ItemRow
            key={m.accountId}
            title={
              <>
                {/* only admins manage organisations: a user manager reads the name */}
                {me.isAdmin ? <Link to={accountPagePath(m.accountId)}>{m.accountName}</Link> : m.accountName} <span className="muted">({t(`accountTypes.${m.accountType}`)})</span> {m.requiresMfa ? <Badge kind="warning">{t("admin.accounts.requiresMfa")}</Badge> : null}
              </>
            }
            meta={[[t('admin.userPage.group'), m.groupName]]}
          />
        )}
      </ResourceList>
    </Card>
  );
}

function SessionsCard({ user }: { user: AdminUserDetail }) {
  const { t } = useTranslation();
  const sessions = useAdminUserSessions(user.id);
  const end = useEndUserSessions(user.id);
  return (
    <Card title={t('admin.userPage.sessions')}>
      <ResourceList list={sessions} empty={t('admin.userPage.noSessions')} error={end.error} testId="user-sessions">
        {(session) => (
          <ItemRow
            key={session.id}
            title={sessionDevice(session, session.ip)}
            meta={[
              [t('sessions.ip'), session.ip],
              [t('sessions.signedIn'), <Time value={session.createdAt} />],
              [t('sessions.lastSeen'), <Time value={session.lastSeenAt} relative />],
            ]}
            actions={
              <ConfirmButton
                label={t('admin.userPage.endSession')}
                ariaLabel={t('admin.userPage.endSessionNamed', { session: sessionName(session, session.ip) })}
                title={t('admin.userPage.endSessionTitle')}
                message={t('admin.userPage.endSessionText', { username: user.username, session: sessionDevice(session, session.ip) })}
                disabled={end.isPending}
                onConfirm={() => end.mutate(session.id)}
              />
            }
          />
        )}
      </ResourceList>
      {sessions.items.length > 1 ? (
        <div className="button-row">
          <ConfirmButton
            kind="block"
            label={t('admin.userPage.endAll')}
            title={t('admin.userPage.endAllTitle', { username: user.username })}
            message={t('admin.userPage.endAllText')}
            disabled={end.isPending}
            onConfirm={() => end.mutate(null)}
          />
        </div>
      ) : null}
    </Card>
  );
}

function ActivityCard({ user }: { user: AdminUserDetail }) {
  const { t } = useTranslation();
  const events = useAdminUserEvents(user.id);
  return (
    <Card title={t('admin.userPage.activity')}>
      <ResourceList list={events} empty={t('events.none')} testId="user-timeline" ordered className="timeline">
        {(event) => <EventItem key={event.id} event={event} />}
      </ResourceList>
    </Card>
  );
}
