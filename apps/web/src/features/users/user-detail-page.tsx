// One IAM user: summary, then tabs Permissions (direct, via group, inline; Add permissions,
// Remove; permissions boundary), Groups, Tags and Security credentials.
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  groupsForUserQuery,
  groupsListQuery,
  inlinePoliciesQuery,
  useAddMembershipsMutation,
  useAttachManyMutation,
  useDeleteInlinePolicyMutation,
  useRemoveMembershipsMutation,
  type Group,
} from '../../api/queries/groups.ts';
import { attachedPoliciesQuery } from '../../api/queries/policies.ts';
import { accessKeysQuery, loginProfileQuery, usePermissionsBoundaryMutation, userQuery, userTagsQuery, useTagUserMutation } from '../../api/queries/users.ts';
import { ACCESS_ADVISOR_TAB_LABEL, AccessAdvisorTab } from '../../components/access-advisor-tab.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArnCopy, EntityDetailPage } from '../../components/entity-detail.tsx';
import { AttachPoliciesModal, inlineRow, managedRow, PermissionsBoundaryPanel, PermissionsPoliciesTable, type PermissionRow } from '../../components/entity-permissions.tsx';
import { GeneratePolicyPanel } from '../../components/generate-policy-panel.tsx';
import { InlinePolicyPanel } from '../../components/inline-policy-panel.tsx';
import { AddMembersModal, MembershipPanel, type MemberKind } from '../../components/membership-panel.tsx';
import { TagsPanel } from '../../components/tags-panel.tsx';
import { formatAge, formatDateTime } from '../../components/users-groups-format.ts';
import { DeleteUsersModal } from './delete-users-modal.tsx';
import { SecurityCredentialsTab } from './security-credentials-tab.tsx';

function PermissionsTab({ userName, userArn, boundaryArn }: { userName: string; userArn: string; boundaryArn?: string }) {
  const direct = useQuery(attachedPoliciesQuery('User', userName));
  const inline = useQuery(inlinePoliciesQuery('User', userName));
  const groups = useQuery(groupsForUserQuery(userName));
  const groupNames = (groups.data ?? []).map((g) => g.GroupName);
  const viaGroups = useQueries({ queries: groupNames.map((g) => attachedPoliciesQuery('Group', g)) });
  const inlineViaGroups = useQueries({ queries: groupNames.map((g) => inlinePoliciesQuery('Group', g)) });
  const attach = useAttachManyMutation();
  const removeInline = useDeleteInlinePolicyMutation();
  const boundary = usePermissionsBoundaryMutation();
  const [adding, setAdding] = useState(false);

  const rows: PermissionRow[] = [
    ...(direct.data ?? []).map((p) => managedRow(p.PolicyArn, p.PolicyName, 'Directly')),
    ...(inline.data ?? []).map((n) => inlineRow(n, 'Inline')),
    ...groupNames.flatMap((g, i) => [
      ...(viaGroups[i]?.data ?? []).map((p) => managedRow(p.PolicyArn, p.PolicyName, `Group ${g}`)),
      ...(inlineViaGroups[i]?.data ?? []).map((n) => inlineRow(n, `Group ${g}`)),
    ]),
  ];
  const error = direct.error ?? inline.error ?? groups.error;
  const directArns = (direct.data ?? []).map((p) => p.PolicyArn);

  const remove = async (selected: PermissionRow[]) => {
    const arns = selected.filter((r) => r.arn).map((r) => r.arn!);
    if (arns.length) await attach.mutateAsync({ kind: 'User', name: userName, arns, detach: true });
    for (const row of selected.filter((r) => !r.arn)) await removeInline.mutateAsync({ kind: 'User', name: userName, PolicyName: row.name });
  };

  return (
    <SpaceBetween size="l">
      {error && <ApiErrorAlert error={error} header="The permissions could not be loaded" />}
      <PermissionsPoliciesTable
        rows={rows}
        loading={direct.isPending || inline.isPending || groups.isPending}
        description="Permissions are defined by policies attached to the user directly or through groups."
        simulateArn={userArn}
        showAttachedVia
        onRemove={remove}
        onAdd={() => setAdding(true)}
      />
      <InlinePolicyPanel kind="User" name={userName} />
      <PermissionsBoundaryPanel
        subject="user"
        boundaryArn={boundaryArn}
        onSet={(arn) => boundary.mutateAsync({ UserName: userName, PermissionsBoundary: arn })}
        onRemove={() => boundary.mutateAsync({ UserName: userName, PermissionsBoundary: null })}
      />
      <GeneratePolicyPanel principalArn={userArn} subject="user" />
      {adding && (
        <AttachPoliciesModal
          entityName={userName}
          attachedArns={directArns}
          onAttach={(arns) => attach.mutateAsync({ kind: 'User', name: userName, arns })}
          onClose={() => setAdding(false)}
        />
      )}
    </SpaceBetween>
  );
}

const groupKind: MemberKind<Group> = {
  nameOf: (g) => g.GroupName,
  nameHeader: 'Group name',
  hrefOf: (name) => `/groups/${encodeURIComponent(name)}`,
  columns: [{ id: 'created', header: 'Creation time', cell: (g) => formatDateTime(g.CreateDate) }],
  selectionGroupLabel: 'Groups selection',
  allItemsSelectionLabel: 'Select all groups',
  findLabel: 'Find groups',
};

function GroupsTab({ userName }: { userName: string }) {
  const groups = useQuery(groupsForUserQuery(userName));
  const all = useQuery(groupsListQuery);
  const remove = useRemoveMembershipsMutation();
  const add = useAddMembershipsMutation();
  const list = groups.data ?? [];
  const current = list.map((g) => g.GroupName);
  return (
    <MembershipPanel<Group>
      kind={groupKind}
      items={list}
      loading={groups.isPending}
      loadError={groups.error}
      title="User groups membership"
      description="A user can be a member of up to 10 groups."
      empty="This user is not a member of any groups."
      filterLabel="Find groups of this user"
      addLabel="Add user to groups"
      removeErrorHeader="The user was not removed from every group"
      onRemove={(names) => remove.mutateAsync(names.map((GroupName) => ({ GroupName, UserName: userName })))}
      renderAdd={(close) => (
        <AddMembersModal<Group>
          kind={groupKind}
          header="Add user to groups"
          confirmLabel="Add to groups"
          candidates={(all.data ?? []).filter((g) => !current.includes(g.GroupName))}
          loading={all.isPending}
          loadError={all.error}
          empty="No other groups"
          errorHeader="The user was not added to every group"
          onAdd={(names) => add.mutateAsync(names.map((GroupName) => ({ GroupName, UserName: userName })))}
          onClose={close}
        />
      )}
    />
  );
}

function TagsTab({ userName }: { userName: string }) {
  const tags = useQuery(userTagsQuery(userName));
  const save = useTagUserMutation();
  return <TagsPanel tags={tags.data ?? []} loading={tags.isPending} loadError={tags.error} onSave={({ set, remove }) => save.mutateAsync({ UserName: userName, set, remove })} />;
}

export function UserDetailPage() {
  const { userName = '' } = useParams();
  const navigate = useNavigate();
  const user = useQuery(userQuery(userName));
  const profile = useQuery(loginProfileQuery(userName));
  const keys = useQuery(accessKeysQuery(userName));
  const [deleting, setDeleting] = useState(false);
  const data = user.data;

  return (
    <EntityDetailPage
      title={userName}
      actions={<Button onClick={() => setDeleting(true)}>Delete</Button>}
      error={user.error}
      errorHeader="The user could not be loaded"
      summary={
        data && [
          { label: 'ARN', value: <ArnCopy arn={data.Arn} /> },
          { label: 'Created', value: formatDateTime(data.CreateDate) },
          { label: 'Console access', value: profile.isPending ? '-' : profile.data ? 'Enabled' : 'Disabled' },
          { label: 'Last console sign-in', value: data.PasswordLastUsed ? formatDateTime(data.PasswordLastUsed) : 'Never' },
          ...[0, 1].map((i) => {
            const key = keys.data?.[i];
            return {
              label: `Access key ${i + 1}`,
              value: key ? `${key.AccessKeyId} - ${key.Status} - ${formatAge(key.CreateDate) === 'Today' ? 'created today' : `${formatAge(key.CreateDate)} old`}` : keys.isPending ? '-' : 'Not enabled',
            };
          }),
          { label: 'Path', value: data.Path },
          { label: 'User ID', value: data.UserId },
        ]
      }
      tabs={
        data && [
          { id: 'permissions', label: 'Permissions', content: <PermissionsTab userName={userName} userArn={data.Arn} boundaryArn={data.PermissionsBoundary?.PermissionsBoundaryArn} /> },
          { id: 'groups', label: 'Groups', content: <GroupsTab userName={userName} /> },
          { id: 'tags', label: 'Tags', content: <TagsTab userName={userName} /> },
          { id: 'security', label: 'Security credentials', content: <SecurityCredentialsTab userName={userName} /> },
          { id: 'access-advisor', label: ACCESS_ADVISOR_TAB_LABEL, content: <AccessAdvisorTab arn={data.Arn} subject="user" /> },
        ]
      }
    >
      {deleting && <DeleteUsersModal userNames={[userName]} onDismiss={() => setDeleting(false)} onDone={() => void navigate('/users')} />}
    </EntityDetailPage>
  );
}
