import type { UseMutationResult } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccountDetail, useAccounts, useSaveAccount } from '../../api/admin-accounts';
import { useUserSearch } from '../../api/admin-users';
import { ACCOUNT_TYPES, type AccountMember, type AccountType, type AdminAccount, type BodyOf, type Group } from '../../api/types';
import { Modal } from '../../components/dialogs';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card, CheckboxField, ErrorAlert, SelectField, TextField } from '../../components/ui';
import { required, tooLong, useFieldErrors } from '../../lib/field-errors';
import { useDebounced } from './useDebounced';

/** Accounts (organisations), their groups, and who is in which group. */
export function AdminAccounts() {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const open = accounts.items.find((account) => account.id === openId) ?? null;

  return (
    <>
      <Card title={t('admin.accounts.title')}>
        <div className="toolbar toolbar-end">
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('admin.accounts.create')}
          </button>
        </div>
        <ResourceList list={accounts} empty={t('admin.accounts.none')} testId="admin-accounts">
          {(account) => (
            <ItemRow
              key={account.id}
              title={
                <>
                  {account.name} <Badge>{t(`accountTypes.${account.type}`)}</Badge> {account.requiresMfa ? <Badge kind="warning">{t('admin.accounts.requiresMfa')}</Badge> : null}
                </>
              }
              actions={
                <button type="button" className="btn btn-small" onClick={() => setOpenId(account.id)} aria-label={t('admin.accounts.manageNamed', { name: account.name })}>
                  {t('admin.accounts.manage')}
                </button>
              }
            />
          )}
        </ResourceList>
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
  const [name, setName] = useState(account?.name ?? '');
  const [type, setType] = useState<AccountType>(account?.type ?? 'vendor');
  const [requiresMfa, setRequiresMfa] = useState(account?.requiresMfa ?? false);
  const save = useSaveAccount(account?.id);
  const form = useFieldErrors(save.error, ['name', 'type', 'requiresMfa']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.check({ name: required(name) ?? tooLong(name, 100) })) save.mutate({ name: name.trim(), type, requiresMfa }, { onSuccess: onClose });
  };
  return (
    <form ref={form.ref} className={account ? '' : 'modal-body'} onSubmit={submit} noValidate>
      <TextField label={t('admin.accounts.name')} value={name} onChange={(event) => setName(event.target.value)} error={form.error('name')} required autoFocus={!account} name="account-name" />
      <SelectField label={t('admin.accounts.type')} value={type} onChange={(event) => setType(event.target.value as AccountType)} error={form.error('type')} name="account-type">
        {ACCOUNT_TYPES.map((value) => (
          <option key={value} value={value}>
            {t(`accountTypes.${value}`)}
          </option>
        ))}
      </SelectField>
      <CheckboxField label={t('admin.accounts.requiresMfa')} hint={t('admin.accounts.requiresMfaHint')} checked={requiresMfa} onChange={(event) => setRequiresMfa(event.target.checked)} error={form.error('requiresMfa')} name="account-mfa" />
      <ErrorAlert error={form.rest} />
      <div className="modal-actions">
        {!account ? (
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {account ? t('common.save') : t('admin.accounts.createButton')}
        </button>
      </div>
    </form>
  );
}

const memberName = (member: AccountMember) => `${member.user.displayName} (@${member.user.username})`;

function AccountDetail({ account, onClose }: { account: AdminAccount; onClose: () => void }) {
  const { t } = useTranslation();
  const [onlyWithoutTwoFactor, setOnlyWithoutTwoFactor] = useState(false);
  const detail = useAccountDetail(account.id, { withoutTwoFactor: onlyWithoutTwoFactor });
  const { groups, members, renameGroup, deleteGroup, moveMember, removeMember, deleteAccount, membersWithoutTwoFactor } = detail;
  const [groupName, setGroupName] = useState('');
  const groupForm = useFieldErrors(detail.createGroup.error, ['name']);

  return (
    <Modal open onClose={onClose} title={account.name}>
      <div className="modal-body modal-wide">
        <section>
          <h3>{t('admin.accounts.details')}</h3>
          <AccountForm account={account} onClose={() => undefined} />
        </section>
        <section>
          <h3>{t('admin.accounts.groups')}</h3>
          <ResourceList list={groups} error={deleteGroup.error} empty={t('admin.accounts.noGroups')} className="item-list compact">
            {(group) => <GroupRow key={group.id} group={group} rename={renameGroup} onDelete={() => deleteGroup.mutate(group.id)} />}
          </ResourceList>
          <form
            ref={groupForm.ref}
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (groupForm.check({ name: required(groupName) ?? tooLong(groupName, 100) })) {
                detail.createGroup.mutate({ name: groupName.trim() }, { onSuccess: () => setGroupName('') });
              }
            }}
            noValidate
          >
            <TextField label={t('admin.accounts.newGroup')} value={groupName} onChange={(event) => setGroupName(event.target.value)} error={groupForm.error('name')} name="group-name" />
            <button type="submit" className="btn" disabled={detail.createGroup.isPending}>
              {t('admin.accounts.addGroup')}
            </button>
          </form>
          <ErrorAlert error={groupForm.rest} />
        </section>
        <section>
          <h3>{t('admin.accounts.members')}</h3>
          {membersWithoutTwoFactor !== null ? (
            <div className="rule-people" data-testid="members-without-twofactor">
              <p className={membersWithoutTwoFactor > 0 && account.requiresMfa ? 'alert alert-warning' : 'hint'}>
                {t('rules.membersWithoutTwoFactor', { n: membersWithoutTwoFactor })}{' '}
                {membersWithoutTwoFactor > 0 ? (account.requiresMfa ? t('rules.membersRefused') : t('rules.membersWouldBeRefused')) : null}
              </p>
              {membersWithoutTwoFactor > 0 || onlyWithoutTwoFactor ? (
                <CheckboxField
                  label={t('rules.onlyWithoutTwoFactor')}
                  checked={onlyWithoutTwoFactor}
                  onChange={(event) => setOnlyWithoutTwoFactor(event.target.checked)}
                  name="members-without-twofactor"
                />
              ) : null}
            </div>
          ) : null}
          <ResourceList
            list={members}
            error={moveMember.error ?? removeMember.error}
            empty={onlyWithoutTwoFactor ? t('rules.noMembersWithoutTwoFactor') : t('admin.accounts.noMembers')}
            className="item-list compact"
          >
            {(member) => (
              <ItemRow
                key={member.user.id}
                title={
                  <>
                    {memberName(member)}{' '}
                    {member.twoFactor ? null : <Badge kind={account.requiresMfa ? 'danger' : 'warning'}>{t('rules.noSecondFactor')}</Badge>}
                  </>
                }
                actions={
                  <ConfirmButton
                    label={t('admin.accounts.removeMember')}
                    title={t('admin.accounts.removeMemberTitle')}
                    message={t('admin.accounts.removeMemberText', { name: memberName(member), account: account.name })}
                    onConfirm={() => removeMember.mutate(member.user.id)}
                  />
                }
              >
                <SelectField label={t('admin.accounts.group')} value={member.group.id} onChange={(event) => moveMember.mutate({ userId: member.user.id, groupId: event.target.value })}>
                  {groups.items.map((group) => (
                    <option key={group.id} value={group.id}>
                      {group.name}
                    </option>
                  ))}
                </SelectField>
              </ItemRow>
            )}
          </ResourceList>
          {groups.items.length > 0 ? <AddMember groups={groups.items} add={detail.addMember} /> : null}
        </section>
        <section className="danger-zone">
          <h3>{t('admin.accounts.deleteTitle')}</h3>
          <ErrorAlert error={deleteAccount.error} />
          <ConfirmButton
            kind="solid"
            label={t('admin.accounts.deleteAccount')}
            title={t('admin.accounts.deleteTitle')}
            message={t('admin.accounts.deleteText', { name: account.name })}
            confirmLabel={t('common.delete')}
            onConfirm={() => deleteAccount.mutate(undefined, { onSuccess: onClose })}
          />
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

type RenameGroupMutation = UseMutationResult<Group, Error, { id: string; name: string }>;

/** A group: its name and member count, renamed in place (the row stays a form until the new name is saved). */
function GroupRow({ group, rename, onDelete }: { group: Group; rename: RenameGroupMutation; onDelete: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(group.name);
  // one mutation renames every row: its answer is this row's only when it renamed this group
  const form = useFieldErrors(editing && rename.variables?.id === group.id ? rename.error : null, ['name']);
  if (editing) {
    return (
      <li className="item">
        <form
          ref={form.ref}
          className="inline-form grow"
          onSubmit={(event) => {
            event.preventDefault();
            if (!form.check({ name: required(name) ?? tooLong(name, 100) })) return;
            if (name.trim() === group.name) setEditing(false);
            else rename.mutate({ id: group.id, name: name.trim() }, { onSuccess: () => setEditing(false) });
          }}
          noValidate
        >
          <TextField label={t('admin.accounts.renamePrompt')} value={name} onChange={(event) => setName(event.target.value)} error={form.error('name')} autoFocus name="group-rename" />
          <button type="button" className="btn" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={rename.isPending}>
            {t('common.save')}
          </button>
          <ErrorAlert error={form.rest} />
        </form>
      </li>
    );
  }
  return (
    <ItemRow
      title={
        <>
          {group.name} <span className="muted small">· {t('admin.accounts.memberCount', { n: group.memberCount })}</span>
        </>
      }
      actions={
        <>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setName(group.name);
              rename.reset();
              setEditing(true);
            }}
            aria-label={t('admin.accounts.renameNamed', { name: group.name })}
          >
            {t('admin.accounts.rename')}
          </button>
          <ConfirmButton
            label={t('common.delete')}
            ariaLabel={t('admin.accounts.deleteGroupNamed', { name: group.name })}
            title={t('admin.accounts.deleteGroupTitle')}
            message={t('admin.accounts.deleteGroupText', { name: group.name })}
            onConfirm={onDelete}
          />
        </>
      }
    />
  );
}

type AddMemberMutation = UseMutationResult<unknown, Error, BodyOf<'/admin/accounts/{id}/members', 'post'>>;

function AddMember({ groups, add }: { groups: Group[]; add: AddMemberMutation }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const [userId, setUserId] = useState('');
  const [groupId, setGroupId] = useState(groups[0]?.id ?? '');
  const users = useUserSearch(q);
  const found = users.data?.items ?? [];
  const form = useFieldErrors(add.error, ['userId', 'groupId']);
  return (
    <form
      ref={form.ref}
      className="add-member"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!form.check({ userId: required(userId), groupId: required(groupId) })) return;
        add.mutate(
          { userId, groupId },
          {
            onSuccess: () => {
              setSearch('');
              setUserId('');
            },
          },
        );
      }}
    >
      <TextField label={t('admin.accounts.findUser')} type="search" value={search} onChange={(event) => setSearch(event.target.value)} name="member-search" />
      <SelectField label={t('admin.accounts.user')} value={userId} onChange={(event) => setUserId(event.target.value)} error={form.error('userId')} name="member-user">
        <option value="">{found.length ? t('admin.accounts.chooseUser') : t('admin.accounts.typeToSearch')}</option>
        {found.map((user) => (
          <option key={user.id} value={user.id}>
            {user.displayName} (@{user.username})
          </option>
        ))}
      </SelectField>
      <SelectField label={t('admin.accounts.group')} value={groupId} onChange={(event) => setGroupId(event.target.value)} error={form.error('groupId')} name="member-group">
        {groups.map((group) => (
          <option key={group.id} value={group.id}>
            {group.name}
          </option>
        ))}
      </SelectField>
      <ErrorAlert error={form.rest} />
      <button type="submit" className="btn" disabled={add.isPending}>
        {t('admin.accounts.addMember')}
      </button>
    </form>
  );
}
