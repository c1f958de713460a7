// One user group: summary, then tabs Users (add / remove members) and Permissions (managed
// policies attach / detach, inline policies, and a link to the policy simulator).
import { useCollection } from '@cloudscape-design/collection-hooks';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import Modal from '@cloudscape-design/components/modal';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Tabs from '@cloudscape-design/components/tabs';
import TextFilter from '@cloudscape-design/components/text-filter';
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
import { attachedPoliciesQuery, type AttachedPolicy } from '../../api/queries/policies.ts';
import { usersForPickerQuery, type User } from '../../api/queries/users.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { InlinePoliciesSection } from '../../components/users-groups-inline-policies.tsx';
import { PolicyTable } from '../../components/users-groups-policy-table.tsx';
import { ACCESS_ADVISOR_TAB_LABEL, AccessAdvisorTab } from '../../components/access-advisor-tab.tsx';

function useFollow() {
  const navigate = useNavigate();
  return (href: string) => (event: CustomEvent) => {
    event.preventDefault();
    void navigate(href);
  };
}

function AddUsersModal({ groupName, members, onClose }: { groupName: string; members: string[]; onClose: () => void }) {
  const users = useQuery(usersForPickerQuery);
  const add = useAddMembershipsMutation();
  const [selected, setSelected] = useState<User[]>([]);
  const candidates = (users.data?.Users ?? []).filter((u) => !members.includes(u.UserName));
  const { items, collectionProps, filterProps, paginationProps } = useCollection(candidates, {
    filtering: { filteringFunction: (item, text) => item.UserName.toLowerCase().includes(text.toLowerCase()), empty: <Box textAlign="center">No other users</Box> },
    pagination: { pageSize: 10 },
  });
  return (
    <Modal
      visible
      size="large"
      header={`Add users to ${groupName}`}
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
              onClick={() => add.mutate(selected.map((u) => ({ GroupName: groupName, UserName: u.UserName })), { onSuccess: onClose })}
            >
              Add users
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="s">
        {users.isError && <ApiErrorAlert error={users.error} />}
        {add.isError && <ApiErrorAlert error={add.error} header="Not every user was added" />}
        <Table<User>
          {...collectionProps}
          items={items}
          loading={users.isPending}
          trackBy="UserName"
          selectionType="multi"
          selectedItems={selected}
          onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
          ariaLabels={{ selectionGroupLabel: 'Users selection', itemSelectionLabel: (_s, u) => u.UserName, allItemsSelectionLabel: () => 'Select all users' }}
          filter={<TextFilter {...filterProps} filteringPlaceholder="Find users" filteringAriaLabel="Find users" />}
          pagination={<Pagination {...paginationProps} />}
          columnDefinitions={[
            { id: 'name', header: 'User name', cell: (u) => u.UserName },
            { id: 'created', header: 'Creation time', cell: (u) => formatDateTime(u.CreateDate) },
          ]}
        />
      </SpaceBetween>
    </Modal>
  );
}

function UsersTab({ groupName, members }: { groupName: string; members: GroupMember[] }) {
  const follow = useFollow();
  const remove = useRemoveMembershipsMutation();
  const [selected, setSelected] = useState<GroupMember[]>([]);
  const [adding, setAdding] = useState(false);
  const { items, collectionProps, filterProps, paginationProps } = useCollection(members, {
    filtering: { filteringFunction: (item, text) => item.UserName.toLowerCase().includes(text.toLowerCase()), empty: <Box textAlign="center">No users in this group</Box> },
    pagination: { pageSize: 20 },
  });
  return (
    <SpaceBetween size="s">
      {remove.isError && <ApiErrorAlert error={remove.error} header="Not every user was removed" />}
      <Table<GroupMember>
        {...collectionProps}
        items={items}
        trackBy="UserName"
        variant="container"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'Members selection', itemSelectionLabel: (_s, u) => u.UserName, allItemsSelectionLabel: () => 'Select all members' }}
        header={
          <Header
            counter={`(${members.length})`}
            description="An IAM user can be in up to 10 user groups."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button
                  disabled={selected.length === 0}
                  loading={remove.isPending}
                  onClick={() =>
                    remove.mutate(selected.map((u) => ({ GroupName: groupName, UserName: u.UserName })), { onSuccess: () => setSelected([]) })
                  }
                >
                  Remove
                </Button>
                <Button variant="primary" onClick={() => setAdding(true)}>
                  Add users
                </Button>
              </SpaceBetween>
            }
          >
            Users in this group
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find users" filteringAriaLabel="Find users in this group" />}
        pagination={<Pagination {...paginationProps} />}
        columnDefinitions={[
          {
            id: 'name',
            header: 'User name',
            cell: (u) => (
              <Link href={`/users/${encodeURIComponent(u.UserName)}`} onFollow={follow(`/users/${encodeURIComponent(u.UserName)}`)}>
                {u.UserName}
              </Link>
            ),
          },
          { id: 'last', header: 'Last activity', cell: (u) => formatDateTime(u.PasswordLastUsed) },
          { id: 'created', header: 'Creation time', cell: (u) => formatDateTime(u.CreateDate) },
        ]}
      />
      {adding && <AddUsersModal groupName={groupName} members={members.map((m) => m.UserName)} onClose={() => setAdding(false)} />}
    </SpaceBetween>
  );
}

function PermissionsTab({ groupName, groupArn }: { groupName: string; groupArn: string }) {
  const follow = useFollow();
  const attached = useQuery(attachedPoliciesQuery('Group', groupName));
  const change = useAttachManyMutation();
  const [selected, setSelected] = useState<AttachedPolicy[]>([]);
  const [attaching, setAttaching] = useState(false);
  const [toAttach, setToAttach] = useState<string[]>([]);
  const current = attached.data ?? [];
  const simulate = `/policy-simulator?arn=${encodeURIComponent(groupArn)}`;

  return (
    <SpaceBetween size="l">
      {attached.isError && <ApiErrorAlert error={attached.error} header="The attached policies could not be loaded" />}
      {change.isError && <ApiErrorAlert error={change.error} header="The change was not completely made" />}
      <Table<AttachedPolicy>
        items={current}
        loading={attached.isPending}
        loadingText="Loading policies"
        trackBy="PolicyArn"
        variant="container"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'Attached policies selection', itemSelectionLabel: (_s, p) => p.PolicyName, allItemsSelectionLabel: () => 'Select all policies' }}
        empty={<Box textAlign="center">No managed policies attached</Box>}
        header={
          <Header
            counter={`(${current.length})`}
            description={`You can attach up to ${MAX_POLICIES_PER_GROUP} managed policies.`}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button href={simulate} onFollow={follow(simulate)}>
                  Simulate
                </Button>
                <Button
                  disabled={selected.length === 0}
                  loading={change.isPending && !attaching}
                  onClick={() =>
                    change.mutate({ kind: 'Group', name: groupName, arns: selected.map((p) => p.PolicyArn), detach: true }, { onSuccess: () => setSelected([]) })
                  }
                >
                  Detach
                </Button>
                <Button variant="primary" onClick={() => setAttaching(true)}>
                  Attach policies
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
            cell: (p) => (
              <Link href={`/policies/details/${encodeURIComponent(p.PolicyArn)}`} onFollow={follow(`/policies/details/${encodeURIComponent(p.PolicyArn)}`)}>
                {p.PolicyName}
              </Link>
            ),
          },
          { id: 'type', header: 'Type', cell: (p) => (p.PolicyArn.startsWith('arn:aws:iam::aws:') ? 'AWS managed' : 'Customer managed') },
        ]}
      />
      <InlinePoliciesSection kind="Group" name={groupName} />
      {attaching && (
        <Modal
          visible
          size="max"
          header={`Attach policies to ${groupName}`}
          onDismiss={() => setAttaching(false)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setAttaching(false)}>
                  Cancel
                </Button>
                <Button
                  variant="primary"
                  disabled={toAttach.length === 0}
                  loading={change.isPending}
                  onClick={() =>
                    change.mutate(
                      { kind: 'Group', name: groupName, arns: toAttach },
                      {
                        onSuccess: () => {
                          setAttaching(false);
                          setToAttach([]);
                        },
                      },
                    )
                  }
                >
                  Attach policies
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <PolicyTable
            title="Other permissions policies"
            selectionType="multi"
            selectedArns={toAttach}
            onChange={setToAttach}
            maxSelected={Math.max(0, MAX_POLICIES_PER_GROUP - current.length)}
            disabledArns={current.map((p) => p.PolicyArn)}
          />
        </Modal>
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
  const [tab, setTab] = useState('users');
  const created = (location.state as { created?: boolean } | null)?.created === true;

  if (group.isError) {
    return (
      <ContentLayout header={<Header variant="h1">{groupName}</Header>}>
        <ApiErrorAlert error={group.error} header="The user group could not be loaded" />
      </ContentLayout>
    );
  }
  const data = group.data;
  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          actions={
            <Button onClick={() => setDeleting(true)} disabled={!data}>
              Delete
            </Button>
          }
        >
          {groupName}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {created && <Alert type="success">{groupName} user group created.</Alert>}
        <Container header={<Header variant="h2">Summary</Header>}>
          {data ? (
            <KeyValuePairs
              columns={3}
              items={[
                { label: 'User group name', value: data.group.GroupName },
                { label: 'Creation time', value: formatDateTime(data.group.CreateDate) },
                {
                  label: 'ARN',
                  value: <CopyToClipboard variant="inline" textToCopy={data.group.Arn} copyButtonAriaLabel="Copy ARN" copySuccessText="ARN copied" copyErrorText="ARN failed to copy" />,
                },
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
              { id: 'users', label: `Users (${data.users.length})`, content: <UsersTab groupName={groupName} members={data.users} /> },
              { id: 'permissions', label: 'Permissions', content: <PermissionsTab groupName={groupName} groupArn={data.group.Arn} /> },
              { id: 'access-advisor', label: ACCESS_ADVISOR_TAB_LABEL, content: <AccessAdvisorTab arn={data.group.Arn} subject="group" /> },
            ]}
          />
        )}
      </SpaceBetween>
      {deleting && (
        <ConfirmDeleteModal
          header={`Delete ${groupName}?`}
          names={[groupName]}
          loading={remove.isPending}
          error={remove.error}
          onDismiss={() => setDeleting(false)}
          onConfirm={() => remove.mutate([groupName], { onSuccess: () => void navigate('/groups') })}
        >
          <Box>The members are removed from the group and its policies detached, then the group is deleted.</Box>
        </ConfirmDeleteModal>
      )}
    </ContentLayout>
  );
}
