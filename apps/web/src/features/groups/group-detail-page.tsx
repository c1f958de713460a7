// One user group: summary, then tabs Users (add / remove members) and Permissions (managed
// policies attach / detach, inline policies, and a link to the policy simulator).
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import {
  groupQuery,
  MAX_POLICIES_PER_GROUP,
  useAddMembershipsMutation,
  useAttachManyMutation,
  useDeleteGroupsMutation,
  useRemoveMembershipsMutation,
  type GroupMember,
} from '../../api/queries/groups.ts';
import { attachedPoliciesQuery } from '../../api/queries/policies.ts';
import { usersForPickerQuery, type User } from '../../api/queries/users.ts';
import { ACCESS_ADVISOR_TAB_LABEL, AccessAdvisorTab } from '../../components/access-advisor-tab.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArnCopy, EntityDetailPage } from '../../components/entity-detail.tsx';
import { AttachPoliciesModal, managedRow, PermissionsPoliciesTable } from '../../components/entity-permissions.tsx';
import { InlinePolicyPanel } from '../../components/inline-policy-panel.tsx';
import { AddMembersModal, MembershipPanel, type MemberKind } from '../../components/membership-panel.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';

const memberKind: MemberKind<GroupMember> = {
  nameOf: (u) => u.UserName,
  nameHeader: 'User name',
  hrefOf: (name) => `/users/${encodeURIComponent(name)}`,
  columns: [
    { id: 'last', header: 'Last activity', cell: (u) => formatDateTime(u.PasswordLastUsed) },
    { id: 'created', header: 'Creation time', cell: (u) => formatDateTime(u.CreateDate) },
  ],
  selectionGroupLabel: 'Members selection',
  allItemsSelectionLabel: 'Select all members',
  findLabel: 'Find users',
};

const userKind: MemberKind<User> = {
  ...memberKind,
  columns: [{ id: 'created', header: 'Creation time', cell: (u) => formatDateTime(u.CreateDate) }],
  selectionGroupLabel: 'Users selection',
  allItemsSelectionLabel: 'Select all users',
};

function UsersTab({ groupName, members }: { groupName: string; members: GroupMember[] }) {
  const users = useQuery(usersForPickerQuery);
  const remove = useRemoveMembershipsMutation();
  const add = useAddMembershipsMutation();
  const current = members.map((m) => m.UserName);
  return (
    <MembershipPanel<GroupMember>
      kind={memberKind}
      items={members}
      title="Users in this group"
      description="An IAM user can be in up to 10 user groups."
      empty="No users in this group"
      filterLabel="Find users in this group"
      addLabel="Add users"
      removeErrorHeader="Not every user was removed"
      onRemove={(names) => remove.mutateAsync(names.map((UserName) => ({ GroupName: groupName, UserName })))}
      renderAdd={(close) => (
        <AddMembersModal<User>
          kind={userKind}
          header={`Add users to ${groupName}`}
          confirmLabel="Add users"
          candidates={(users.data?.Users ?? []).filter((u) => !current.includes(u.UserName))}
          loading={users.isPending}
          loadError={users.error}
          empty="No other users"
          errorHeader="Not every user was added"
          onAdd={(names) => add.mutateAsync(names.map((UserName) => ({ GroupName: groupName, UserName })))}
          onClose={close}
        />
      )}
    />
  );
}

function PermissionsTab({ groupName, groupArn }: { groupName: string; groupArn: string }) {
  const attached = useQuery(attachedPoliciesQuery('Group', groupName));
  const change = useAttachManyMutation();
  const [attaching, setAttaching] = useState(false);
  const current = attached.data ?? [];

  return (
    <SpaceBetween size="l">
      {attached.isError && <ApiErrorAlert error={attached.error} header="The attached policies could not be loaded" />}
      <PermissionsPoliciesTable
        rows={current.map((p) => managedRow(p.PolicyArn, p.PolicyName))}
        loading={attached.isPending}
        description={`You can attach up to ${MAX_POLICIES_PER_GROUP} managed policies.`}
        simulateArn={groupArn}
        removeLabel="Detach"
        addLabel="Attach policies"
        selectionGroupLabel="Attached policies selection"
        onRemove={(rows) => change.mutateAsync({ kind: 'Group', name: groupName, arns: rows.map((r) => r.arn!), detach: true })}
        onAdd={() => setAttaching(true)}
      />
      <InlinePolicyPanel kind="Group" name={groupName} />
      {attaching && (
        <AttachPoliciesModal
          entityName={groupName}
          confirmLabel="Attach policies"
          attachedArns={current.map((p) => p.PolicyArn)}
          maxPolicies={MAX_POLICIES_PER_GROUP}
          onAttach={(arns) => change.mutateAsync({ kind: 'Group', name: groupName, arns })}
          onClose={() => setAttaching(false)}
        />
      )}
    </SpaceBetween>
  );
}

export function GroupDetailPage() {
  const { groupName = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const group = useQuery(groupQuery(groupName));
  const remove = useDeleteGroupsMutation();
  const [deleting, setDeleting] = useState(false);
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const data = group.data;

  return (
    <EntityDetailPage
      title={groupName}
      actions={
        <Button onClick={() => setDeleting(true)} disabled={!data}>
          Delete
        </Button>
      }
      error={group.error}
      errorHeader="The user group could not be loaded"
      banner={created && <Alert type="success">{groupName} user group created.</Alert>}
      summary={
        data && [
          { label: 'User group name', value: data.group.GroupName },
          { label: 'Creation time', value: formatDateTime(data.group.CreateDate) },
          { label: 'ARN', value: <ArnCopy arn={data.group.Arn} /> },
        ]
      }
      tabs={
        data && [
          { id: 'users', label: `Users (${data.users.length})`, content: <UsersTab groupName={groupName} members={data.users} /> },
          { id: 'permissions', label: 'Permissions', content: <PermissionsTab groupName={groupName} groupArn={data.group.Arn} /> },
          { id: 'access-advisor', label: ACCESS_ADVISOR_TAB_LABEL, content: <AccessAdvisorTab arn={data.group.Arn} subject="group" /> },
        ]
      }
    >
      {deleting && (
        <ConfirmDeleteModal
          header={`Delete ${groupName}?`}
          names={[groupName]}
          loading={remove.isPending}
          error={remove.error}
          onDismiss={() => setDeleting(false)}
          onConfirm={() => remove.mutateAsync([groupName]).then(() => navigate('/groups'), () => {})}
        >
          <Box>The members are removed from the group and its policies detached, then the group is deleted.</Box>
        </ConfirmDeleteModal>
      )}
    </EntityDetailPage>
  );
}
