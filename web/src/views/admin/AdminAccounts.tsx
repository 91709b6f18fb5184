import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client';
import type { AccountMember, AccountType, AdminAccount, AdminUser, Group, Page } from '../../api/types';
import { Modal, useConfirm } from '../../components/dialogs';
import { Badge, Card, CheckboxField, EmptyState, ErrorAlert, Loading, SelectField, TextField } from '../../components/ui';
import { useDebounced } from './useDebounced';

const TYPES: AccountType[] = ['vendor', 'distributor', 'reseller'];
const ACCOUNTS_KEY = ['admin', 'accounts'] as const;

/** Accounts (organisations), their groups, and who is in which group. */
export function AdminAccounts() {
  const { t } = useTranslation();
  const accounts = useQuery({ queryKey: ACCOUNTS_KEY, queryFn: () => api.get<Page<AdminAccount>>('/admin/accounts?limit=100') });
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const items = accounts.data?.items ?? [];
  const open = items.find((account) => account.id === openId) ?? null;

  return (
    <>
      <Card title={t('admin.accounts.title')}>
        <div className="toolbar toolbar-end">
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('admin.accounts.create')}
          </button>
        </div>
        {accounts.isPending ? <Loading /> : null}
        <ErrorAlert error={accounts.error} />
        {!accounts.isPending && !accounts.error && items.length === 0 ? <EmptyState>{t('admin.accounts.none')}</EmptyState> : null}
        <ul className="item-list">
          {items.map((account) => (
            <li key={account.id} className="item">
              <div className="item-main">
                <p className="item-title">
                  {account.name} <Badge>{t(`accountTypes.${account.type}`)}</Badge> {account.requiresMfa ? <Badge kind="warning">{t('admin.accounts.requiresMfa')}</Badge> : null}
                </p>
              </div>
              <div className="item-actions">
                <button type="button" className="btn btn-small" onClick={() => setOpenId(account.id)} aria-label={t('admin.accounts.manageNamed', { name: account.name })}>
                  {t('admin.accounts.manage')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </Card>
      <Modal open={creating} onClose={() => setCreating(false)} title={t('admin.accounts.create')}>
        <AccountForm onClose={() => setCreating(false)} />
      </Modal>
      {open ? <AccountDetail account={open} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}

function AccountForm({ account, onClose }: { account?: AdminAccount; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(account?.name ?? '');
  const [type, setType] = useState<AccountType>(account?.type ?? 'vendor');
  const [requiresMfa, setRequiresMfa] = useState(account?.requiresMfa ?? false);
  const save = useMutation({
    mutationFn: () =>
      account
        ? api.patch(`/admin/accounts/${encodeURIComponent(account.id)}`, { name: name.trim(), type, requiresMfa })
        : api.post('/admin/accounts', { name: name.trim(), type, requiresMfa }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ACCOUNTS_KEY });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) save.mutate();
  };
  return (
    <form className={account ? '' : 'modal-body'} onSubmit={submit} noValidate>
      <TextField label={t('admin.accounts.name')} value={name} onChange={(event) => setName(event.target.value)} required autoFocus={!account} name="account-name" />
      <SelectField label={t('admin.accounts.type')} value={type} onChange={(event) => setType(event.target.value as AccountType)} name="account-type">
        {TYPES.map((value) => (
          <option key={value} value={value}>
            {t(`accountTypes.${value}`)}
          </option>
        ))}
      </SelectField>
      <CheckboxField label={t('admin.accounts.requiresMfa')} hint={t('admin.accounts.requiresMfaHint')} checked={requiresMfa} onChange={(event) => setRequiresMfa(event.target.checked)} name="account-mfa" />
      <ErrorAlert error={save.error} />
      <div className="modal-actions">
        {!account ? (
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={save.isPending || !name.trim()}>
          {account ? t('common.save') : t('admin.accounts.createButton')}
        </button>
      </div>
    </form>
  );
}

const memberId = (member: AccountMember) => member.userId ?? member.user?.id ?? '';
const memberName = (member: AccountMember) => {
  const username = member.username ?? member.user?.username ?? memberId(member);
  const display = member.displayName ?? member.user?.displayName;
  return display ? `${display} (@${username})` : `@${username}`;
};
const memberGroup = (member: AccountMember) => member.groupId ?? member.group?.id ?? '';

function AccountDetail({ account, onClose }: { account: AdminAccount; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const confirm = useConfirm();
  const base = `/admin/accounts/${encodeURIComponent(account.id)}`;
  const groupsKey = ['admin', 'accounts', account.id, 'groups'];
  const membersKey = ['admin', 'accounts', account.id, 'members'];
  const groups = useQuery({ queryKey: groupsKey, queryFn: () => api.get<Page<Group>>(`${base}/groups?limit=100`) });
  const members = useQuery({ queryKey: membersKey, queryFn: () => api.get<Page<AccountMember>>(`${base}/members?limit=100`) });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['admin', 'accounts', account.id] });
  };
  const [groupName, setGroupName] = useState('');
  const createGroup = useMutation({
    mutationFn: () => api.post(`${base}/groups`, { name: groupName.trim() }),
    onSuccess: () => {
      setGroupName('');
      refresh();
    },
  });
  const renameGroup = useMutation({ mutationFn: ({ id, name }: { id: string; name: string }) => api.patch(`${base}/groups/${encodeURIComponent(id)}`, { name }), onSuccess: refresh });
  const deleteGroup = useMutation({ mutationFn: (id: string) => api.delete(`${base}/groups/${encodeURIComponent(id)}`), onSuccess: refresh });
  const moveMember = useMutation({
    mutationFn: ({ userId, groupId }: { userId: string; groupId: string }) => api.patch(`${base}/members/${encodeURIComponent(userId)}`, { groupId }),
    onSuccess: refresh,
  });
  const removeMember = useMutation({ mutationFn: (userId: string) => api.delete(`${base}/members/${encodeURIComponent(userId)}`), onSuccess: refresh });
  const deleteAccount = useMutation({
    mutationFn: () => api.delete(base),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ACCOUNTS_KEY });
      onClose();
    },
  });
  const groupList = groups.data?.items ?? [];
  const memberList = members.data?.items ?? [];

  return (
    <Modal open onClose={onClose} title={account.name}>
      <div className="modal-body modal-wide">
        <section>
          <h3>{t('admin.accounts.details')}</h3>
          <AccountForm account={account} onClose={() => undefined} />
        </section>
        <section>
          <h3>{t('admin.accounts.groups')}</h3>
          {groups.isPending ? <Loading /> : null}
          <ErrorAlert error={groups.error ?? renameGroup.error ?? deleteGroup.error} />
          {!groups.isPending && groupList.length === 0 ? <EmptyState>{t('admin.accounts.noGroups')}</EmptyState> : null}
          <ul className="item-list compact">
            {groupList.map((group) => (
              <GroupRow
                key={group.id}
                group={group}
                onRename={(name) => renameGroup.mutate({ id: group.id, name })}
                onDelete={async () => {
                  const ok = await confirm({ title: t('admin.accounts.deleteGroupTitle'), message: t('admin.accounts.deleteGroupText', { name: group.name }), confirmLabel: t('common.delete'), danger: true });
                  if (ok) deleteGroup.mutate(group.id);
                }}
              />
            ))}
          </ul>
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (groupName.trim()) createGroup.mutate();
            }}
          >
            <TextField label={t('admin.accounts.newGroup')} value={groupName} onChange={(event) => setGroupName(event.target.value)} name="group-name" />
            <button type="submit" className="btn" disabled={!groupName.trim() || createGroup.isPending}>
              {t('admin.accounts.addGroup')}
            </button>
          </form>
          <ErrorAlert error={createGroup.error} />
        </section>
        <section>
          <h3>{t('admin.accounts.members')}</h3>
          {members.isPending ? <Loading /> : null}
          <ErrorAlert error={members.error ?? moveMember.error ?? removeMember.error} />
          {!members.isPending && memberList.length === 0 ? <EmptyState>{t('admin.accounts.noMembers')}</EmptyState> : null}
          <ul className="item-list compact">
            {memberList.map((member) => (
              <li key={memberId(member)} className="item">
                <div className="item-main">
                  <p className="item-title">{memberName(member)}</p>
                  <SelectField
                    label={t('admin.accounts.group')}
                    value={memberGroup(member)}
                    onChange={(event) => moveMember.mutate({ userId: memberId(member), groupId: event.target.value })}
                  >
                    {groupList.map((group) => (
                      <option key={group.id} value={group.id}>
                        {group.name}
                      </option>
                    ))}
                  </SelectField>
                </div>
                <div className="item-actions">
                  <button
                    type="button"
                    className="btn btn-small btn-danger-outline"
                    onClick={async () => {
                      const ok = await confirm({ title: t('admin.accounts.removeMemberTitle'), message: t('admin.accounts.removeMemberText', { name: memberName(member), account: account.name }), confirmLabel: t('admin.accounts.removeMember'), danger: true });
                      if (ok) removeMember.mutate(memberId(member));
                    }}
                  >
                    {t('admin.accounts.removeMember')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {groupList.length > 0 ? <AddMember base={base} groups={groupList} onAdded={refresh} /> : null}
        </section>
        <section className="danger-zone">
          <h3>{t('admin.accounts.deleteTitle')}</h3>
          <ErrorAlert error={deleteAccount.error} />
          <button
            type="button"
            className="btn btn-danger"
            onClick={async () => {
              const ok = await confirm({ title: t('admin.accounts.deleteTitle'), message: t('admin.accounts.deleteText', { name: account.name }), confirmLabel: t('common.delete'), danger: true });
              if (ok) deleteAccount.mutate();
            }}
          >
            {t('admin.accounts.deleteAccount')}
          </button>
        </section>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </Modal>
  );
}

/** A group: its name and member count, renamed in place. */
function GroupRow({ group, onRename, onDelete }: { group: Group; onRename: (name: string) => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(group.name);
  if (editing) {
    return (
      <li className="item">
        <form
          className="inline-form grow"
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim() && name.trim() !== group.name) onRename(name.trim());
            setEditing(false);
          }}
        >
          <TextField label={t('admin.accounts.renamePrompt')} value={name} onChange={(event) => setName(event.target.value)} autoFocus name="group-rename" />
          <button type="button" className="btn" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!name.trim()}>
            {t('common.save')}
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className="item">
      <div className="item-main">
        <p className="item-title">
          {group.name} {group.memberCount !== undefined ? <span className="muted small">· {t('admin.accounts.memberCount', { n: group.memberCount })}</span> : null}
        </p>
      </div>
      <div className="item-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setName(group.name);
            setEditing(true);
          }}
          aria-label={t('admin.accounts.renameNamed', { name: group.name })}
        >
          {t('admin.accounts.rename')}
        </button>
        <button type="button" className="btn btn-small btn-danger-outline" onClick={onDelete} aria-label={t('admin.accounts.deleteGroupNamed', { name: group.name })}>
          {t('common.delete')}
        </button>
      </div>
    </li>
  );
}

function AddMember({ base, groups, onAdded }: { base: string; groups: Group[]; onAdded: () => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const [userId, setUserId] = useState('');
  const [groupId, setGroupId] = useState(groups[0]?.id ?? '');
  const users = useQuery({ queryKey: ['admin', 'users', 'pick', q], enabled: q.length > 0, queryFn: () => api.get<Page<AdminUser>>(`/admin/users${query({ q, limit: 10 })}`) });
  const add = useMutation({
    mutationFn: () => api.post(`${base}/members`, { userId, groupId }),
    onSuccess: () => {
      setSearch('');
      setUserId('');
      onAdded();
    },
  });
  const found = users.data?.items ?? [];
  return (
    <form
      className="add-member"
      onSubmit={(event) => {
        event.preventDefault();
        if (userId && groupId) add.mutate();
      }}
    >
      <TextField label={t('admin.accounts.findUser')} type="search" value={search} onChange={(event) => setSearch(event.target.value)} name="member-search" />
      <SelectField label={t('admin.accounts.user')} value={userId} onChange={(event) => setUserId(event.target.value)} name="member-user">
        <option value="">{found.length ? t('admin.accounts.chooseUser') : t('admin.accounts.typeToSearch')}</option>
        {found.map((user) => (
          <option key={user.id} value={user.id}>
            {user.displayName} (@{user.username})
          </option>
        ))}
      </SelectField>
      <SelectField label={t('admin.accounts.group')} value={groupId} onChange={(event) => setGroupId(event.target.value)} name="member-group">
        {groups.map((group) => (
          <option key={group.id} value={group.id}>
            {group.name}
          </option>
        ))}
      </SelectField>
      <ErrorAlert error={add.error} />
      <button type="submit" className="btn" disabled={!userId || !groupId || add.isPending}>
        {t('admin.accounts.addMember')}
      </button>
    </form>
  );
}
