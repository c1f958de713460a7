// Create user group (AWS-REFERENCE 1.1): a name, optional members, optional managed policies
// (at most 10 per group, a fixed quota). "Create group" calls CreateGroup, then AddUserToGroup and
// AttachGroupPolicy for each choice.
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { MAX_POLICIES_PER_GROUP, useCreateGroupMutation } from '../../api/queries/groups.ts';
import { usersForPickerQuery, type User } from '../../api/queries/users.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { createdFlashState } from '../../components/created-flash.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { PolicyTable } from '../../components/users-groups-policy-table.tsx';
import { groupNameError } from './group-validation.ts';

function UserPicker({ selected, onChange }: { selected: string[]; onChange: (names: string[]) => void }) {
  const users = useQuery(usersForPickerQuery);
  const all = users.data?.Users ?? [];
  const { items, collectionProps, filterProps, paginationProps } = useCollection(all, {
    filtering: {
      filteringFunction: (item, text) => item.UserName.toLowerCase().includes(text.toLowerCase()),
      empty: <Box textAlign="center">No users</Box>,
      noMatch: <Box textAlign="center">No users match the filter</Box>,
    },
    pagination: { pageSize: 10 },
  });
  return (
    <SpaceBetween size="s">
      {users.isError && <ApiErrorAlert error={users.error} header="The users could not be loaded" />}
      <Table<User>
        {...collectionProps}
        items={items}
        loading={users.isPending}
        loadingText="Loading users"
        trackBy="UserName"
        variant="container"
        selectionType="multi"
        selectedItems={all.filter((u) => selected.includes(u.UserName))}
        onSelectionChange={({ detail }) => onChange(detail.selectedItems.map((u) => u.UserName))}
        ariaLabels={{ selectionGroupLabel: 'Users selection', itemSelectionLabel: (_s, u) => u.UserName, allItemsSelectionLabel: () => 'Select all users' }}
        header={
          <Header counter={`(${selected.length}/${all.length}${users.data?.IsTruncated ? '+' : ''})`} description="An IAM user can be a member of up to 10 groups.">
            Add users to the group - optional
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find users" filteringAriaLabel="Find users" />}
        pagination={<Pagination {...paginationProps} />}
        columnDefinitions={[
          { id: 'name', header: 'User name', cell: (u) => u.UserName },
          { id: 'created', header: 'Creation time', cell: (u) => formatDateTime(u.CreateDate) },
        ]}
      />
    </SpaceBetween>
  );
}

export function CreateGroupPage() {
  const navigate = useNavigate();
  const create = useCreateGroupMutation();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [userNames, setUserNames] = useState<string[]>([]);
  const [policyArns, setPolicyArns] = useState<string[]>([]);
  const nameError = touched ? groupNameError(name) : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (groupNameError(name)) return;
    create.mutate(
      { GroupName: name, userNames, policyArns },
      {
        // As the AWS console: back to the list, with a flash whose "View group" opens the new group.
        onSuccess: (group) =>
          void navigate('/groups', {
            state: createdFlashState({ message: `${group.GroupName} user group created.`, href: `/groups/${encodeURIComponent(group.GroupName)}`, viewLabel: 'View group' }),
          }),
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Form
        header={<Header variant="h1">Create user group</Header>}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" formAction="none" onClick={() => void navigate('/groups')}>
              Cancel
            </Button>
            <Button variant="primary" formAction="submit" loading={create.isPending}>
              Create group
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          {create.isError && <ApiErrorAlert error={create.error} header="The user group was not created (or not completely)" />}
          <Container header={<Header variant="h2">Name the group</Header>}>
            <FormField
              label="User group name"
              description="Enter a meaningful name to identify this group."
              constraintText="Maximum 128 characters. Use alphanumeric and '+=,.@-_' characters."
              errorText={nameError}
            >
              <Input
                value={name}
                onChange={({ detail }) => {
                  setName(detail.value);
                  setTouched(true);
                }}
                placeholder="Enter a meaningful name to identify this group"
              />
            </FormField>
          </Container>
          <UserPicker selected={userNames} onChange={setUserNames} />
          <PolicyTable
            title="Attach permissions policies - Optional"
            description={`You can attach up to ${MAX_POLICIES_PER_GROUP} policies to this user group. All the users in this group will have permissions that are defined in the selected policies.`}
            selectionType="multi"
            selectedArns={policyArns}
            onChange={setPolicyArns}
            maxSelected={MAX_POLICIES_PER_GROUP}
          />
        </SpaceBetween>
      </Form>
    </form>
  );
}
