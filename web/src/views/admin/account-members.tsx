import { useTranslation } from 'react-i18next';
import type { useAccountDetail } from '../../api/admin-accounts';
import type { AccountMember, AdminAccount } from '../../api/types';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card, CheckboxField, SelectField } from '../../components/ui';
import { AddMemberForm } from './AddMemberForm';

type AccountDetail = ReturnType<typeof useAccountDetail>;

export const memberName = (user: Pick<AccountMember['user'], 'displayName' | 'username'>) => `${user.displayName} (@${user.username})`;

/**
 * The members: how many lack a second factor and whether the organisation refuses them (a filter
 * to only those), each member's group (moved in place) and removal, then the search to add more.
 */
export function MembersCard({
  account,
  detail,
  onlyWithoutTwoFactor,
  setOnlyWithoutTwoFactor,
  newGroupId,
}: {
  account: AdminAccount;
  detail: AccountDetail;
  onlyWithoutTwoFactor: boolean;
  setOnlyWithoutTwoFactor: (only: boolean) => void;
  newGroupId: string;
}) {
  const { t } = useTranslation();
  const { groups, members, moveMember, removeMember, membersWithoutTwoFactor } = detail;
  return (
    <Card title={t('admin.accounts.members')}>
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
        testId="account-members"
      >
        {(member) => (
          <ItemRow
            key={member.user.id}
            title={
              <>
                {memberName(member.user)} {member.twoFactor ? null : <Badge kind={account.requiresMfa ? 'danger' : 'warning'}>{t('rules.noSecondFactor')}</Badge>}
              </>
            }
            actions={
              <ConfirmButton
                label={t('admin.accounts.removeMember')}
                ariaLabel={t('admin.accounts.removeNamed', { name: memberName(member.user) })}
                title={t('admin.accounts.removeMemberTitle')}
                message={t('admin.accounts.removeMemberText', { name: memberName(member.user), account: account.name })}
                onConfirm={() => removeMember.mutate(member.user.id)}
              />
            }
          >
            <SelectField
              label={t('admin.accounts.group')}
              aria-label={t('admin.accounts.groupFor', { name: memberName(member.user) })}
              value={member.group.id}
              disabled={moveMember.isPending}
              onChange={(event) => moveMember.mutate({ userId: member.user.id, groupId: event.target.value })}
            >
              {groups.items.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </SelectField>
          </ItemRow>
        )}
      </ResourceList>
      <AddMemberForm accountId={account.id} groups={groups.items} groupsLoaded={!groups.isPending} add={detail.addMember} newGroupId={newGroupId} />
    </Card>
  );
}
