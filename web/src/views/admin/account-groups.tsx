import type { UseMutationResult } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { useAccountDetail } from '../../api/admin-accounts';
import type { Group } from '../../api/types';
import { RenameRowForm, useInlineRename } from '../../components/InlineRename';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Card, ErrorAlert, TextField } from '../../components/ui';
import { required, tooLong, useFieldErrors } from '../../lib/field-errors';

type AccountDetail = ReturnType<typeof useAccountDetail>;

/** the server's limit for a group's name */
const GROUP_NAME_MAX = 100;

/** The organisation's groups: each renamed or deleted in place, and a new one. `newGroupId` names the new-group field (the members' card sends the focus there). */
export function GroupsCard({ detail, newGroupId }: { detail: AccountDetail; newGroupId: string }) {
  const { t } = useTranslation();
  const { groups, renameGroup, deleteGroup, createGroup } = detail;
  const [groupName, setGroupName] = useState('');
  const form = useFieldErrors(createGroup.error, ['name']);
  return (
    <Card title={t('admin.accounts.groups')}>
      <ResourceList list={groups} error={deleteGroup.error} empty={t('admin.accounts.noGroups')} className="item-list compact" testId="account-groups">
        {(group) => <GroupRow key={group.id} group={group} rename={renameGroup} onDelete={() => deleteGroup.mutate(group.id)} />}
      </ResourceList>
      <form
        ref={form.ref}
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (form.check({ name: required(groupName) ?? tooLong(groupName, GROUP_NAME_MAX) })) {
            createGroup.mutate({ name: groupName.trim() }, { onSuccess: () => setGroupName('') });
          }
        }}
        noValidate
      >
        <TextField id={newGroupId} label={t('admin.accounts.newGroup')} value={groupName} onChange={(event) => setGroupName(event.target.value)} error={form.error('name')} name="group-name" />
        <button type="submit" className="btn" disabled={createGroup.isPending}>
          {t('admin.accounts.addGroup')}
        </button>
      </form>
      <ErrorAlert error={form.rest} />
    </Card>
  );
}

type RenameGroupMutation = UseMutationResult<Group, Error, { id: string; name: string }>;

/** A group: its name and member count, renamed in place (the row stays a form until the new name is saved). */
function GroupRow({ group, rename, onDelete }: { group: Group; rename: RenameGroupMutation; onDelete: () => void }) {
  const { t } = useTranslation();
  const renaming = useInlineRename();
  if (renaming.editing) {
    return (
      <li className="item">
        <RenameRowForm
          label={t('admin.accounts.renamePrompt')}
          current={group.name}
          maxLength={GROUP_NAME_MAX}
          name="group-rename"
          pending={rename.isPending}
          // one mutation renames every row: its answer is this row's only when it renamed this group
          error={rename.variables?.id === group.id ? rename.error : null}
          onSave={(name) => rename.mutate({ id: group.id, name }, { onSuccess: renaming.stop })}
          onClose={renaming.stop}
        />
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
            ref={renaming.buttonRef}
            onClick={() => {
              rename.reset();
              renaming.start();
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
