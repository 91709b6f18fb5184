import type { UseMutationResult } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { USER_SEARCH_LIMIT, useUserSearch } from '../../api/admin-users';
import type { AdminUser, BodyOf, Group } from '../../api/types';
import { ItemRow } from '../../components/lists';
import { Badge, EmptyState, ErrorAlert, Loading, Notice, SelectField, TextField } from '../../components/ui';
import { useDebounced } from './useDebounced';

type AddMemberMutation = UseMutationResult<unknown, Error, BodyOf<'/admin/accounts/{id}/members', 'post'>>;

const focusById = (id: string) => document.getElementById(id)?.focus();

/**
 * "Add members": a search that finds only people who are not members yet (the server leaves
 * members out, `notInAccount`), each found person with a group (the first by default) and an
 * Add button that names both: one step, no separate user picker. Without a group there is
 * nothing to add to, and it says so, with the way to the new-group field. It shows the first
 * USER_SEARCH_LIMIT matches and, when there are more, says to type more of the name.
 */
export function AddMemberForm({ accountId, groups, groupsLoaded, add, newGroupId }: { accountId: string; groups: Group[]; groupsLoaded: boolean; add: AddMemberMutation; newGroupId: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const searchId = useId();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const users = useUserSearch(q, { notInAccount: accountId });
  const [added, setAdded] = useState<string | null>(null);
  const found = users.data?.items ?? [];

  if (!groupsLoaded) return null;
  if (groups.length === 0) {
    return (
      <section className="add-member" aria-labelledby={headingId} data-testid="add-member">
        <h3 id={headingId}>{t('admin.accounts.addMember')}</h3>
        <Notice kind="info" role="status">
          {t('admin.accounts.needGroup')}
        </Notice>
        <button type="button" className="btn" onClick={() => focusById(newGroupId)}>
          {t('admin.accounts.needGroupButton')}
        </button>
      </section>
    );
  }
  const addUser = (user: AdminUser, group: Group) => {
    setAdded(null);
    add.mutate(
      { userId: user.id, groupId: group.id },
      {
        onSuccess: () => {
          setAdded(t('admin.accounts.added', { name: user.displayName, group: group.name }));
          // the row (and its button) leaves the results: the search keeps the focus for the next one
          focusById(searchId);
        },
      },
    );
  };
  return (
    <section className="add-member" aria-labelledby={headingId} data-testid="add-member">
      <h3 id={headingId}>{t('admin.accounts.addMember')}</h3>
      <TextField
        id={searchId}
        label={t('admin.accounts.findUser')}
        hint={t('admin.accounts.searchHint')}
        type="search"
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
          setAdded(null);
        }}
        name="member-search"
      />
      {added ? <Notice kind="success" role="status">{added}</Notice> : null}
      <ErrorAlert error={add.error} />
      {q === '' ? null : users.isPending ? (
        <Loading />
      ) : users.error ? (
        <ErrorAlert error={users.error} />
      ) : found.length === 0 ? (
        <EmptyState>{t('admin.accounts.noCandidates')}</EmptyState>
      ) : (
        <ul className="item-list compact" data-testid="member-candidates">
          {found.map((user) => (
            <CandidateRow key={user.id} user={user} groups={groups} busy={add.isPending} onAdd={(group) => addUser(user, group)} />
          ))}
        </ul>
      )}
      {q !== '' && users.data?.nextCursor ? (
        <p className="hint" role="status" data-testid="more-candidates">
          {t('admin.accounts.moreCandidates', { n: USER_SEARCH_LIMIT })}
        </p>
      ) : null}
    </section>
  );
}

function CandidateRow({ user, groups, busy, onAdd }: { user: AdminUser; groups: Group[]; busy: boolean; onAdd: (group: Group) => void }) {
  const { t } = useTranslation();
  const [groupId, setGroupId] = useState('');
  // the first group until one is chosen (and again when the chosen one is deleted meanwhile)
  const group = groups.find((g) => g.id === groupId) ?? groups[0];
  if (!group) return null;
  return (
    <ItemRow
      testId="member-candidate"
      title={
        <>
          {user.displayName} <span className="muted">@{user.username}</span> {user.disabled ? <Badge kind="danger">{t('admin.users.disabled')}</Badge> : null}
        </>
      }
      meta={[[t('profile.email'), user.email]]}
      actions={
        <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => onAdd(group)} aria-label={t('admin.accounts.addNamed', { name: user.displayName, group: group.name })}>
          {t('admin.accounts.add')}
        </button>
      }
    >
      <SelectField label={t('admin.accounts.group')} aria-label={t('admin.accounts.groupFor', { name: user.displayName })} value={group.id} onChange={(event) => setGroupId(event.target.value)}>
        {groups.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </SelectField>
    </ItemRow>
  );
}
