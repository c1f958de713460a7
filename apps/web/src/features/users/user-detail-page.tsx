// One IAM user: summary, then tabs Permissions (direct, via group, inline; Add permissions,
// Remove; permissions boundary), Groups, Tags and Security credentials.
import { useCollection } from '@cloudscape-design/collection-hooks';
import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import Modal from '@cloudscape-design/components/modal';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Tabs from '@cloudscape-design/components/tabs';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
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
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { formatAge, formatDateTime } from '../../components/users-groups-format.ts';
import { InlinePoliciesSection } from '../../components/users-groups-inline-policies.tsx';
import { PolicyTable } from '../../components/users-groups-policy-table.tsx';
import { hasTagErrors, MAX_TAGS, validateTags, type TagRow } from './add-users-validation.ts';
import { DeleteUsersModal } from './delete-users-modal.tsx';
import { SecurityCredentialsTab } from './security-credentials-tab.tsx';
import { ACCESS_ADVISOR_TAB_LABEL, AccessAdvisorTab } from '../../components/access-advisor-tab.tsx';

/** Managed policies per user: AWS's default quota. */
const MAX_POLICIES_PER_USER = 10;

interface PermissionRow {
  id: string;
  name: string;
  arn?: string;
  type: string;
  attachedVia: string;
  kind: 'direct' | 'group' | 'inline';
}

function useFollow() {
  const navigate = useNavigate();
  return (href: string) => (event: CustomEvent) => {
    event.preventDefault();
    void navigate(href);
  };
}

const managedType = (arn: string) => (arn.startsWith('arn:aws:iam::aws:') ? 'AWS managed' : 'Customer managed');

function PermissionsTab({ userName, userArn, boundaryArn }: { userName: string; userArn: string; boundaryArn?: string }) {
  const follow = useFollow();
  const direct = useQuery(attachedPoliciesQuery('User', userName));
  const inline = useQuery(inlinePoliciesQuery('User', userName));
  const groups = useQuery(groupsForUserQuery(userName));
  const groupNames = (groups.data ?? []).map((g) => g.GroupName);
  const viaGroups = useQueries({ queries: groupNames.map((g) => attachedPoliciesQuery('Group', g)) });
  const inlineViaGroups = useQueries({ queries: groupNames.map((g) => inlinePoliciesQuery('Group', g)) });
  const attach = useAttachManyMutation();
  const removeInline = useDeleteInlinePolicyMutation();
  const boundary = usePermissionsBoundaryMutation();
  const [selected, setSelected] = useState<PermissionRow[]>([]);
  const [adding, setAdding] = useState(false);
  const [toAttach, setToAttach] = useState<string[]>([]);
  const [settingBoundary, setSettingBoundary] = useState(false);
  const [boundaryChoice, setBoundaryChoice] = useState<string[]>([]);

  const rows: PermissionRow[] = [
    ...(direct.data ?? []).map((p) => ({ id: `direct:${p.PolicyArn}`, name: p.PolicyName, arn: p.PolicyArn, type: managedType(p.PolicyArn), attachedVia: 'Directly', kind: 'direct' as const })),
    ...(inline.data ?? []).map((n) => ({ id: `inline:${n}`, name: n, type: 'Customer inline', attachedVia: 'Inline', kind: 'inline' as const })),
    ...groupNames.flatMap((g, i) => [
      ...(viaGroups[i]?.data ?? []).map((p) => ({ id: `group:${g}:${p.PolicyArn}`, name: p.PolicyName, arn: p.PolicyArn, type: managedType(p.PolicyArn), attachedVia: `Group ${g}`, kind: 'group' as const })),
      ...(inlineViaGroups[i]?.data ?? []).map((n) => ({ id: `group-inline:${g}:${n}`, name: n, type: 'Customer inline', attachedVia: `Group ${g}`, kind: 'group' as const })),
    ]),
  ];
  const removable = selected.filter((r) => r.kind !== 'group');
  const error = direct.error ?? inline.error ?? groups.error;
  const changeError = attach.error ?? removeInline.error ?? boundary.error;
  const simulate = `/policy-simulator?arn=${encodeURIComponent(userArn)}`;
  const directArns = (direct.data ?? []).map((p) => p.PolicyArn);

  const removeSelected = async () => {
    const arns = removable.filter((r) => r.kind === 'direct').map((r) => r.arn!);
    if (arns.length) await attach.mutateAsync({ kind: 'User', name: userName, arns, detach: true });
    for (const row of removable.filter((r) => r.kind === 'inline')) await removeInline.mutateAsync({ kind: 'User', name: userName, PolicyName: row.name });
    setSelected([]);
  };

  return (
    <SpaceBetween size="l">
      {error && <ApiErrorAlert error={error} header="The permissions could not be loaded" />}
      {changeError && <ApiErrorAlert error={changeError} header="The change was not completely made" />}
      <Table<PermissionRow>
        items={rows}
        loading={direct.isPending || inline.isPending || groups.isPending}
        loadingText="Loading permissions"
        trackBy="id"
        variant="container"
        selectionType="multi"
        selectedItems={selected}
        isItemDisabled={(r) => r.kind === 'group'}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'Permissions policies selection', itemSelectionLabel: (_s, r) => `${r.name} (${r.attachedVia})`, allItemsSelectionLabel: () => 'Select all' }}
        empty={<Box textAlign="center">No permissions policies</Box>}
        header={
          <Header
            counter={`(${rows.length})`}
            description="Permissions are defined by policies attached to the user directly or through groups."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button href={simulate} onFollow={follow(simulate)}>
                  Simulate
                </Button>
                <Button disabled={removable.length === 0} loading={attach.isPending && !adding} onClick={() => void removeSelected().catch(() => undefined)}>
                  Remove
                </Button>
                <Button variant="primary" onClick={() => setAdding(true)}>
                  Add permissions
                </Button>
              </SpaceBetween>
            }
          >
            Permissions policies
          </Header>
        }
        columnDefinitions={[
          {
            id: 'name',
            header: 'Policy name',
            cell: (r) =>
              r.arn ? (
                <Link href={`/policies/details/${encodeURIComponent(r.arn)}`} onFollow={follow(`/policies/details/${encodeURIComponent(r.arn)}`)}>
                  {r.name}
                </Link>
              ) : (
                r.name
              ),
          },
          { id: 'type', header: 'Type', cell: (r) => r.type },
          { id: 'via', header: 'Attached via', cell: (r) => r.attachedVia },
        ]}
      />
      <InlinePoliciesSection kind="User" name={userName} />
      <Container
        header={
          <Header
            variant="h2"
            description="Set a permissions boundary to control the maximum permissions this user can have."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                {boundaryArn && (
                  <Button loading={boundary.isPending && !settingBoundary} onClick={() => boundary.mutate({ UserName: userName, PermissionsBoundary: null })}>
                    Remove boundary
                  </Button>
                )}
                <Button onClick={() => setSettingBoundary(true)}>{boundaryArn ? 'Change boundary' : 'Set permissions boundary'}</Button>
              </SpaceBetween>
            }
          >
            Permissions boundary
          </Header>
        }
      >
        {boundaryArn ? <Box>{boundaryArn}</Box> : <Box color="text-body-secondary">Permissions boundary (not set)</Box>}
      </Container>
      {adding && (
        <Modal
          visible
          size="max"
          header={`Add permissions to ${userName}`}
          onDismiss={() => setAdding(false)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setAdding(false)}>
                  Cancel
                </Button>
                <Button
                  variant="primary"
                  disabled={toAttach.length === 0}
                  loading={attach.isPending}
                  onClick={() =>
                    attach.mutate(
                      { kind: 'User', name: userName, arns: toAttach },
                      {
                        onSuccess: () => {
                          setAdding(false);
                          setToAttach([]);
                        },
                      },
                    )
                  }
                >
                  Add permissions
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <PolicyTable
            title="Attach policies directly"
            selectionType="multi"
            selectedArns={toAttach}
            onChange={setToAttach}
            maxSelected={Math.max(0, MAX_POLICIES_PER_USER - directArns.length)}
            disabledArns={directArns}
          />
        </Modal>
      )}
      {settingBoundary && (
        <Modal
          visible
          size="max"
          header="Set permissions boundary"
          onDismiss={() => setSettingBoundary(false)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setSettingBoundary(false)}>
                  Cancel
                </Button>
                <Button
                  variant="primary"
                  disabled={boundaryChoice.length === 0}
                  loading={boundary.isPending}
                  onClick={() => boundary.mutate({ UserName: userName, PermissionsBoundary: boundaryChoice[0]! }, { onSuccess: () => setSettingBoundary(false) })}
                >
                  Set boundary
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <PolicyTable title="Permissions boundary policy" selectionType="single" selectedArns={boundaryChoice} onChange={setBoundaryChoice} />
        </Modal>
      )}
    </SpaceBetween>
  );
}

function AddToGroupsModal({ userName, current, onClose }: { userName: string; current: string[]; onClose: () => void }) {
  const groups = useQuery(groupsListQuery);
  const add = useAddMembershipsMutation();
  const [selected, setSelected] = useState<Group[]>([]);
  const candidates = (groups.data ?? []).filter((g) => !current.includes(g.GroupName));
  const { items, collectionProps, filterProps, paginationProps } = useCollection(candidates, {
    filtering: { filteringFunction: (g, text) => g.GroupName.toLowerCase().includes(text.toLowerCase()), empty: <Box textAlign="center">No other groups</Box> },
    pagination: { pageSize: 10 },
  });
  return (
    <Modal
      visible
      size="large"
      header="Add user to groups"
      onDismiss={onClose}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button
              variant="primary"
              disabled={selected.length === 0}
              loading={add.isPending}
              onClick={() => add.mutate(selected.map((g) => ({ GroupName: g.GroupName, UserName: userName })), { onSuccess: onClose })}
            >
              Add to groups
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="s">
        {groups.isError && <ApiErrorAlert error={groups.error} />}
        {add.isError && <ApiErrorAlert error={add.error} header="The user was not added to every group" />}
        <Table<Group>
          {...collectionProps}
          items={items}
          loading={groups.isPending}
          trackBy="GroupName"
          selectionType="multi"
          selectedItems={selected}
          onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
          ariaLabels={{ selectionGroupLabel: 'Groups selection', itemSelectionLabel: (_s, g) => g.GroupName, allItemsSelectionLabel: () => 'Select all groups' }}
          filter={<TextFilter {...filterProps} filteringPlaceholder="Find groups" filteringAriaLabel="Find groups" />}
          pagination={<Pagination {...paginationProps} />}
          columnDefinitions={[
            { id: 'name', header: 'Group name', cell: (g) => g.GroupName },
            { id: 'created', header: 'Creation time', cell: (g) => formatDateTime(g.CreateDate) },
          ]}
        />
      </SpaceBetween>
    </Modal>
  );
}

function GroupsTab({ userName }: { userName: string }) {
  const follow = useFollow();
  const groups = useQuery(groupsForUserQuery(userName));
  const remove = useRemoveMembershipsMutation();
  const [selected, setSelected] = useState<Group[]>([]);
  const [adding, setAdding] = useState(false);
  const list = groups.data ?? [];
  return (
    <SpaceBetween size="s">
      {groups.isError && <ApiErrorAlert error={groups.error} header="The groups could not be loaded" />}
      {remove.isError && <ApiErrorAlert error={remove.error} header="The user was not removed from every group" />}
      <Table<Group>
        items={list}
        loading={groups.isPending}
        trackBy="GroupName"
        variant="container"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'Groups selection', itemSelectionLabel: (_s, g) => g.GroupName, allItemsSelectionLabel: () => 'Select all groups' }}
        empty={<Box textAlign="center">This user is not a member of any groups.</Box>}
        header={
          <Header
            counter={`(${list.length})`}
            description="A user can be a member of up to 10 groups."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button
                  disabled={selected.length === 0}
                  loading={remove.isPending}
                  onClick={() => remove.mutate(selected.map((g) => ({ GroupName: g.GroupName, UserName: userName })), { onSuccess: () => setSelected([]) })}
                >
                  Remove
                </Button>
                <Button variant="primary" onClick={() => setAdding(true)}>
                  Add user to groups
                </Button>
              </SpaceBetween>
            }
          >
            User groups membership
          </Header>
        }
        columnDefinitions={[
          {
            id: 'name',
            header: 'Group name',
            cell: (g) => (
              <Link href={`/groups/${encodeURIComponent(g.GroupName)}`} onFollow={follow(`/groups/${encodeURIComponent(g.GroupName)}`)}>
                {g.GroupName}
              </Link>
            ),
          },
          { id: 'created', header: 'Creation time', cell: (g) => formatDateTime(g.CreateDate) },
        ]}
      />
      {adding && <AddToGroupsModal userName={userName} current={list.map((g) => g.GroupName)} onClose={() => setAdding(false)} />}
    </SpaceBetween>
  );
}

function TagsTab({ userName }: { userName: string }) {
  const tags = useQuery(userTagsQuery(userName));
  const save = useTagUserMutation();
  const [rows, setRows] = useState<TagRow[] | null>(null);
  const [submitted, setSubmitted] = useState(false);
  useEffect(() => {
    if (tags.data && rows === null) setRows(tags.data.map((t) => ({ key: t.Key, value: t.Value })));
  }, [tags.data, rows]);
  const current = rows ?? [];
  const errors = validateTags(current);
  const original = tags.data ?? [];

  const onSave = () => {
    setSubmitted(true);
    if (hasTagErrors(errors)) return;
    const keys = new Set(current.map((r) => r.key));
    const remove = original.filter((t) => !keys.has(t.Key)).map((t) => t.Key);
    const set = current.filter((r) => !original.some((t) => t.Key === r.key && t.Value === r.value)).map((r) => ({ Key: r.key, Value: r.value }));
    save.mutate({ UserName: userName, set, remove }, { onSuccess: () => setRows(null) });
  };

  return (
    <Container
      header={
        <Header
          variant="h2"
          actions={
            <Button variant="primary" loading={save.isPending} disabled={rows === null} onClick={onSave}>
              Save changes
            </Button>
          }
        >
          Tags
        </Header>
      }
    >
      <SpaceBetween size="s">
        {tags.isError && <ApiErrorAlert error={tags.error} />}
        {save.isError && <ApiErrorAlert error={save.error} header="The tags were not saved" />}
        {save.isSuccess && <Box color="text-status-success">Tags saved.</Box>}
        <AttributeEditor
          items={current}
          addButtonText="Add tag"
          removeButtonText="Remove"
          disableAddButton={current.length >= MAX_TAGS}
          onAddButtonClick={() => setRows([...current, { key: '', value: '' }])}
          onRemoveButtonClick={({ detail }) => setRows(current.filter((_, i) => i !== detail.itemIndex))}
          empty="No tags associated with the resource."
          additionalInfo={`You can add ${Math.max(0, MAX_TAGS - current.length)} more tags.`}
          definition={[
            {
              label: 'Key',
              errorText: (_item, index) => (submitted ? errors.rows[index]?.key : undefined),
              control: (item, index) => (
                <Input value={item.key} ariaLabel={`Tag key ${index + 1}`} onChange={({ detail }) => setRows(current.map((t, i) => (i === index ? { ...t, key: detail.value } : t)))} />
              ),
            },
            {
              label: 'Value - optional',
              errorText: (_item, index) => errors.rows[index]?.value,
              control: (item, index) => (
                <Input value={item.value} ariaLabel={`Tag value ${index + 1}`} onChange={({ detail }) => setRows(current.map((t, i) => (i === index ? { ...t, value: detail.value } : t)))} />
              ),
            },
          ]}
        />
      </SpaceBetween>
    </Container>
  );
}

export function UserDetailPage() {
  const { userName = '' } = useParams();
  const navigate = useNavigate();
  const user = useQuery(userQuery(userName));
  const profile = useQuery(loginProfileQuery(userName));
  const keys = useQuery(accessKeysQuery(userName));
  const [tab, setTab] = useState('permissions');
  const [deleting, setDeleting] = useState(false);

  if (user.isError) {
    return (
      <ContentLayout header={<Header variant="h1">{userName}</Header>}>
        <ApiErrorAlert error={user.error} header="The user could not be loaded" />
      </ContentLayout>
    );
  }
  const data = user.data;
  return (
    <ContentLayout
      header={
        <Header variant="h1" actions={<Button onClick={() => setDeleting(true)}>Delete</Button>}>
          {userName}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">Summary</Header>}>
          {data ? (
            <KeyValuePairs
              columns={3}
              items={[
                { label: 'ARN', value: <CopyToClipboard variant="inline" textToCopy={data.Arn} copyButtonAriaLabel="Copy ARN" copySuccessText="ARN copied" copyErrorText="ARN failed to copy" /> },
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
              ]}
            />
          ) : (
            <Box>Loading</Box>
          )}
        </Container>
        {data && (
          <Tabs
            activeTabId={tab}
            onChange={({ detail }) => setTab(detail.activeTabId)}
            tabs={[
              { id: 'permissions', label: 'Permissions', content: <PermissionsTab userName={userName} userArn={data.Arn} boundaryArn={data.PermissionsBoundary?.PermissionsBoundaryArn} /> },
              { id: 'groups', label: 'Groups', content: <GroupsTab userName={userName} /> },
              { id: 'tags', label: 'Tags', content: <TagsTab userName={userName} /> },
              { id: 'security', label: 'Security credentials', content: <SecurityCredentialsTab userName={userName} /> },
              { id: 'access-advisor', label: ACCESS_ADVISOR_TAB_LABEL, content: <AccessAdvisorTab arn={data.Arn} subject="user" /> },
            ]}
          />
        )}
      </SpaceBetween>
      {deleting && <DeleteUsersModal userNames={[userName]} onDismiss={() => setDeleting(false)} onDone={() => void navigate('/users')} />}
    </ContentLayout>
  );
}
