// "Add users": the classic IAM wizard (AWS-REFERENCE 1.2) — Set user details, Set permissions,
// Add tags (optional), Review — then the success page with the new credentials.
import { useCollection } from '@cloudscape-design/collection-hooks';
import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Pagination from '@cloudscape-design/components/pagination';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import Tiles from '@cloudscape-design/components/tiles';
import Wizard from '@cloudscape-design/components/wizard';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { groupsListQuery, invalidateIdentities, type Group } from '../../api/queries/groups.ts';
import { attachedPoliciesQuery, callIam } from '../../api/queries/policies.ts';
import { sessionQuery } from '../../api/queries/session.ts';
import { usersMayChangeOwnPassword } from '../../api/queries/users-credentials.ts';
import { usersForPickerQuery, type User } from '../../api/queries/users.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { PolicyTable } from '../../components/users-groups-policy-table.tsx';
import {
  emptyForm,
  hasTagErrors,
  hasUserDetailsErrors,
  MAX_TAGS,
  MAX_USERS_PER_RUN,
  validatePermissions,
  validateTags,
  validateUserDetails,
  type AddUsersForm,
  type PasswordRules,
  type PermissionMode,
} from './add-users-validation.ts';
import { AddUsersSuccess } from './add-users-success.tsx';
import { createUsers, planCreation, readPermissionsOf, type UserCreationResult } from './create-users.ts';

/** The account password policy, or null when none is set (AWS's default applies). */
const passwordPolicyQuery = {
  queryKey: ['account', 'password-policy'] as const,
  queryFn: async (): Promise<PasswordRules | null> => {
    try {
      return (await callIam<{ PasswordPolicy: PasswordRules }>('GetAccountPasswordPolicy')).PasswordPolicy;
    } catch (error) {
      if (isApiError(error, 'NoSuchEntity')) return null;
      throw error;
    }
  },
};

type Update = (patch: Partial<AddUsersForm>) => void;

function UserDetailsStep({ form, update, showErrors, rules }: { form: AddUsersForm; update: Update; showErrors: boolean; rules: PasswordRules | null }) {
  const errors = showErrors ? validateUserDetails(form, rules) : { userNames: [] as (string | undefined)[] };
  const setName = (index: number, value: string) => update({ userNames: form.userNames.map((n, i) => (i === index ? value : n)) });
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2" description="You can add multiple users at once with the same access type and permissions.">User details</Header>}>
        <SpaceBetween size="m">
          {form.userNames.map((name, index) => (
            <FormField
              key={index}
              label={index === 0 ? 'User name' : `User name ${index + 1}`}
              constraintText={index === 0 ? 'Up to 64 characters. Valid characters: A-Z, a-z, 0-9, and + = , . @ _ - (hyphen).' : undefined}
              errorText={errors.userNames[index]}
              secondaryControl={
                form.userNames.length > 1 ? (
                  <Button ariaLabel={`Remove user ${index + 1}`} iconName="close" variant="icon" onClick={() => update({ userNames: form.userNames.filter((_, i) => i !== index) })} />
                ) : undefined
              }
            >
              <Input value={name} onChange={({ detail }) => setName(index, detail.value)} />
            </FormField>
          ))}
          <Button
            iconName="add-plus"
            disabled={form.userNames.length >= MAX_USERS_PER_RUN}
            onClick={() => update({ userNames: [...form.userNames, ''] })}
          >
            Add another user
          </Button>
          {form.userNames.length >= MAX_USERS_PER_RUN && <Box color="text-body-secondary">You can add up to {MAX_USERS_PER_RUN} users at a time.</Box>}
          {'tooMany' in errors && errors.tooMany && <Box color="text-status-error">{errors.tooMany}</Box>}
        </SpaceBetween>
      </Container>
      <Container header={<Header variant="h2" description="Select how these users will primarily access AWS. If you choose only programmatic access, it does NOT prevent users from accessing the console using an assumed role.">Select AWS access type</Header>}>
        <SpaceBetween size="m">
          <FormField label="Select AWS access type" errorText={'accessType' in errors ? errors.accessType : undefined}>
            <SpaceBetween size="xs">
              <Checkbox
                checked={form.programmatic}
                onChange={({ detail }) => update({ programmatic: detail.checked })}
                description="Enables an access key ID and secret access key for the AWS API, CLI, SDK, and other development tools."
              >
                Access key - Programmatic access
              </Checkbox>
              <Checkbox
                checked={form.console}
                onChange={({ detail }) => update({ console: detail.checked })}
                description="Enables a password that allows users to sign-in to the AWS Management Console."
              >
                Password - AWS Management Console access
              </Checkbox>
            </SpaceBetween>
          </FormField>
          {form.console && (
            <>
              <FormField label="Console password">
                <RadioGroup
                  value={form.passwordKind}
                  onChange={({ detail }) => update({ passwordKind: detail.value as AddUsersForm['passwordKind'] })}
                  items={[
                    { value: 'autogenerated', label: 'Autogenerated password', description: 'Each user gets a random password that meets the account password policy.' },
                    { value: 'custom', label: 'Custom password', description: 'The same password applies to every user added now.' },
                  ]}
                />
              </FormField>
              {form.passwordKind === 'custom' && (
                <FormField label="Enter custom password" errorText={'customPassword' in errors ? errors.customPassword : undefined}>
                  <Input type="password" value={form.customPassword} autoComplete="new-password" onChange={({ detail }) => update({ customPassword: detail.value })} />
                </FormField>
              )}
              <Checkbox
                checked={form.requireReset}
                onChange={({ detail }) => update({ requireReset: detail.checked })}
                description="Users must create a new password at next sign-in. Users automatically get the IAMUserChangePassword policy to allow them to change their own password."
              >
                Require password reset
              </Checkbox>
            </>
          )}
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );
}

function GroupPolicies({ name }: { name: string }) {
  const attached = useQuery(attachedPoliciesQuery('Group', name));
  if (attached.isPending) return <Spinner />;
  if (attached.isError) return <>-</>;
  return <>{attached.data.length ? attached.data.map((p) => p.PolicyName).join(', ') : 'None'}</>;
}

function GroupChooser({ selected, onChange }: { selected: string[]; onChange: (names: string[]) => void }) {
  const groups = useQuery(groupsListQuery);
  const all = groups.data ?? [];
  const { items, collectionProps, filterProps, paginationProps } = useCollection(all, {
    filtering: { filteringFunction: (g, text) => g.GroupName.toLowerCase().includes(text.toLowerCase()), empty: <Box textAlign="center">No groups</Box> },
    pagination: { pageSize: 10 },
  });
  return (
    <SpaceBetween size="s">
      {groups.isError && <ApiErrorAlert error={groups.error} header="The user groups could not be loaded" />}
      <Table<Group>
        {...collectionProps}
        items={items}
        loading={groups.isPending}
        loadingText="Loading user groups"
        trackBy="GroupName"
        variant="container"
        selectionType="multi"
        selectedItems={all.filter((g) => selected.includes(g.GroupName))}
        onSelectionChange={({ detail }) => onChange(detail.selectedItems.map((g) => g.GroupName))}
        ariaLabels={{ selectionGroupLabel: 'User groups selection', itemSelectionLabel: (_s, g) => g.GroupName, allItemsSelectionLabel: () => 'Select all groups' }}
        header={
          <Header
            counter={`(${selected.length}/${all.length})`}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh groups" onClick={() => void groups.refetch()} />
                <Button href="/groups/create" target="_blank" iconName="external" iconAlign="right">
                  Create group
                </Button>
              </SpaceBetween>
            }
          >
            Add user to group
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find groups" filteringAriaLabel="Find groups" />}
        pagination={<Pagination {...paginationProps} />}
        columnDefinitions={[
          { id: 'name', header: 'Group', cell: (g) => g.GroupName },
          { id: 'policies', header: 'Attached policies', cell: (g) => <GroupPolicies name={g.GroupName} /> },
          { id: 'created', header: 'Creation time', cell: (g) => formatDateTime(g.CreateDate) },
        ]}
      />
    </SpaceBetween>
  );
}

function UserChooser({ selected, onChange, errorText }: { selected: string | null; onChange: (name: string | null) => void; errorText?: string }) {
  const users = useQuery(usersForPickerQuery);
  const all = users.data?.Users ?? [];
  const { items, collectionProps, filterProps, paginationProps } = useCollection(all, {
    filtering: { filteringFunction: (u, text) => u.UserName.toLowerCase().includes(text.toLowerCase()), empty: <Box textAlign="center">No users</Box> },
    pagination: { pageSize: 10 },
  });
  return (
    <SpaceBetween size="s">
      {users.isError && <ApiErrorAlert error={users.error} header="The users could not be loaded" />}
      <Table<User>
        {...collectionProps}
        items={items}
        loading={users.isPending}
        trackBy="UserName"
        variant="container"
        selectionType="single"
        selectedItems={all.filter((u) => u.UserName === selected)}
        onSelectionChange={({ detail }) => onChange(detail.selectedItems[0]?.UserName ?? null)}
        ariaLabels={{ selectionGroupLabel: 'User to copy from', itemSelectionLabel: (_s, u) => u.UserName, allItemsSelectionLabel: () => '' }}
        header={
          <Header description={errorText ? <Box color="text-status-error">{errorText}</Box> : 'Copies the group memberships, attached managed policies, inline policies and permissions boundary.'}>
            Copy permissions from existing user
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

function PermissionsStep({ form, update, showErrors }: { form: AddUsersForm; update: Update; showErrors: boolean }) {
  const errors = showErrors ? validatePermissions(form) : {};
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Permissions options</Header>}>
        <Tiles
          ariaLabel="Permissions options"
          value={form.permissionMode}
          onChange={({ detail }) => update({ permissionMode: detail.value as PermissionMode })}
          items={[
            { value: 'group', label: 'Add user to group', description: 'Add users to an existing group, or create a new group. Using groups is a best-practice way to manage user permissions by job functions.' },
            { value: 'copy', label: 'Copy permissions from existing user', description: 'Copy all group memberships, attached managed policies, and inline policies from an existing user.' },
            { value: 'attach', label: 'Attach existing policies directly', description: 'Attach a managed policy directly to the users. As a best practice, attach policies to a group instead.' },
          ]}
        />
      </Container>
      {form.permissionMode === 'group' && <GroupChooser selected={form.groups} onChange={(groups) => update({ groups })} />}
      {form.permissionMode === 'copy' && <UserChooser selected={form.copyFrom} onChange={(copyFrom) => update({ copyFrom })} errorText={errors.copyFrom} />}
      {form.permissionMode === 'attach' && (
        <PolicyTable
          title="Attach existing policies directly"
          selectionType="multi"
          selectedArns={form.policyArns}
          onChange={(policyArns) => update({ policyArns })}
          maxSelected={20}
          actions={
            <Button href="/policies/create" target="_blank" iconName="external" iconAlign="right">
              Create policy
            </Button>
          }
        />
      )}
      <ExpandableSection headerText="Set permissions boundary" variant="container" headerDescription="Set a permissions boundary to control the maximum permissions these users can have.">
        <SpaceBetween size="m">
          <RadioGroup
            value={form.boundaryEnabled ? 'on' : 'off'}
            onChange={({ detail }) => update({ boundaryEnabled: detail.value === 'on' })}
            items={[
              { value: 'off', label: 'Create user without a permissions boundary' },
              { value: 'on', label: 'Use a permissions boundary to control the maximum user permissions' },
            ]}
          />
          {errors.boundary && <Box color="text-status-error">{errors.boundary}</Box>}
          {form.boundaryEnabled && (
            <PolicyTable
              title="Permissions boundary policy"
              selectionType="single"
              selectedArns={form.boundaryArn ? [form.boundaryArn] : []}
              onChange={(arns) => update({ boundaryArn: arns[0] ?? null })}
            />
          )}
        </SpaceBetween>
      </ExpandableSection>
    </SpaceBetween>
  );
}

function TagsStep({ form, update, showErrors }: { form: AddUsersForm; update: Update; showErrors: boolean }) {
  const errors = validateTags(form.tags);
  return (
    <Container
      header={
        <Header variant="h2" description="Tags are key-value pairs you can add to a user. Tags can include user information, such as an email address, or can be descriptive, such as a job title.">
          Add tags (optional)
        </Header>
      }
    >
      <SpaceBetween size="s">
        <AttributeEditor
          items={form.tags}
          addButtonText="Add tag"
          removeButtonText="Remove"
          disableAddButton={form.tags.length >= MAX_TAGS}
          onAddButtonClick={() => update({ tags: [...form.tags, { key: '', value: '' }] })}
          onRemoveButtonClick={({ detail }) => update({ tags: form.tags.filter((_, i) => i !== detail.itemIndex) })}
          empty="No tags associated with the resource."
          additionalInfo={`You can add ${Math.max(0, MAX_TAGS - form.tags.length)} more tags.`}
          definition={[
            {
              label: 'Key',
              errorText: (_item, index) => (showErrors || form.tags[index]!.key.length > 128 ? errors.rows[index]?.key : undefined),
              control: (item, index) => (
                <Input
                  value={item.key}
                  ariaLabel={`Tag key ${index + 1}`}
                  onChange={({ detail }) => update({ tags: form.tags.map((t, i) => (i === index ? { ...t, key: detail.value } : t)) })}
                />
              ),
            },
            {
              label: 'Value - optional',
              errorText: (_item, index) => errors.rows[index]?.value,
              control: (item, index) => (
                <Input
                  value={item.value}
                  ariaLabel={`Tag value ${index + 1}`}
                  onChange={({ detail }) => update({ tags: form.tags.map((t, i) => (i === index ? { ...t, value: detail.value } : t)) })}
                />
              ),
            },
          ]}
        />
        {errors.tooMany && <Box color="text-status-error">{errors.tooMany}</Box>}
      </SpaceBetween>
    </Container>
  );
}

function permissionsSummary(form: AddUsersForm): string {
  if (form.permissionMode === 'group') return form.groups.length ? `Add to groups: ${form.groups.join(', ')}` : 'No groups';
  if (form.permissionMode === 'copy') return `Copy permissions from ${form.copyFrom ?? '-'}`;
  return form.policyArns.length ? `Attach policies: ${form.policyArns.map((a) => a.split('/').pop()).join(', ')}` : 'No policies';
}

function ReviewStep({ form, goTo }: { form: AddUsersForm; goTo: (step: number) => void }) {
  const access = [form.programmatic && 'Programmatic access - with an access key', form.console && 'AWS Management Console access - with a password'].filter(Boolean).join('; ');
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2" actions={<Button onClick={() => goTo(0)}>Edit</Button>}>User details</Header>}>
        <KeyValuePairs
          columns={2}
          items={[
            { label: 'User names', value: form.userNames.join(', ') },
            { label: 'AWS access type', value: access },
            ...(form.console
              ? [
                  { label: 'Console password type', value: form.passwordKind === 'custom' ? 'Custom' : 'Autogenerated' },
                  { label: 'Require password reset', value: form.requireReset ? 'Yes' : 'No' },
                ]
              : []),
          ]}
        />
      </Container>
      <Container header={<Header variant="h2" actions={<Button onClick={() => goTo(1)}>Edit</Button>}>Permissions summary</Header>}>
        <KeyValuePairs
          columns={2}
          items={[
            { label: 'Permissions', value: permissionsSummary(form) },
            { label: 'Permissions boundary', value: form.boundaryEnabled && form.boundaryArn ? form.boundaryArn : 'Not set' },
          ]}
        />
      </Container>
      <Container header={<Header variant="h2" actions={<Button onClick={() => goTo(2)}>Edit</Button>}>Tags</Header>}>
        {form.tags.length === 0 ? (
          <Box>No tags were added.</Box>
        ) : (
          <Table
            variant="embedded"
            items={form.tags}
            columnDefinitions={[
              { id: 'key', header: 'Key', cell: (t) => t.key },
              { id: 'value', header: 'Value', cell: (t) => t.value || '-' },
            ]}
          />
        )}
      </Container>
    </SpaceBetween>
  );
}

export function AddUsersPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useQuery(sessionQuery);
  const policy = useQuery(passwordPolicyQuery);
  const rules = policy.data ?? null;
  const [form, setForm] = useState<AddUsersForm>(emptyForm);
  const [step, setStep] = useState(0);
  const [shown, setShown] = useState<Record<number, boolean>>({});
  const [results, setResults] = useState<UserCreationResult[] | null>(null);
  const update: Update = (patch) => setForm((f) => ({ ...f, ...patch }));

  const create = useMutation({
    mutationFn: async (values: AddUsersForm) => {
      const copied = values.permissionMode === 'copy' && values.copyFrom ? await readPermissionsOf(values.copyFrom) : null;
      const usersMayChangePassword = values.console && values.requireReset ? await usersMayChangeOwnPassword() : true;
      const plan = planCreation(values, { copied, usersMayChangePassword, passwordLength: Math.max(20, rules?.MinimumPasswordLength ?? 0) });
      return createUsers(plan);
    },
    onSuccess: setResults,
    onSettled: () => invalidateIdentities(queryClient),
  });

  const stepValid = (index: number) => {
    if (index === 0) return !hasUserDetailsErrors(validateUserDetails(form, rules));
    if (index === 1) return Object.keys(validatePermissions(form)).length === 0;
    if (index === 2) return !hasTagErrors(validateTags(form.tags));
    return true;
  };

  if (results) return <AddUsersSuccess results={results} accountId={session.data?.principal.accountId ?? ''} />;

  return (
    <SpaceBetween size="m">
      {create.isError && <ApiErrorAlert error={create.error} header="The users were not created" />}
      <Wizard
        activeStepIndex={step}
        isLoadingNextStep={create.isPending}
        onCancel={() => void navigate('/users')}
        onNavigate={({ detail }) => {
          if (detail.requestedStepIndex > step) {
            for (let i = step; i < detail.requestedStepIndex; i++) {
              if (!stepValid(i)) {
                setShown((s) => ({ ...s, [i]: true }));
                setStep(i);
                return;
              }
            }
          }
          setStep(detail.requestedStepIndex);
        }}
        onSubmit={() => {
          for (let i = 0; i < 3; i++) {
            if (!stepValid(i)) {
              setShown((s) => ({ ...s, [i]: true }));
              setStep(i);
              return;
            }
          }
          create.mutate(form);
        }}
        i18nStrings={{
          stepNumberLabel: (n) => `Step ${n}`,
          collapsedStepsLabel: (n, total) => `Step ${n} of ${total}`,
          navigationAriaLabel: 'Steps',
          cancelButton: 'Cancel',
          previousButton: 'Previous',
          nextButton: 'Next',
          submitButton: 'Create user',
          optional: 'optional',
        }}
        steps={[
          { title: 'Set user details', content: <UserDetailsStep form={form} update={update} showErrors={Boolean(shown[0])} rules={rules} /> },
          { title: 'Set permissions', content: <PermissionsStep form={form} update={update} showErrors={Boolean(shown[1])} /> },
          { title: 'Add tags (optional)', content: <TagsStep form={form} update={update} showErrors={Boolean(shown[2])} /> },
          { title: 'Review', content: <ReviewStep form={form} goTo={setStep} /> },
        ]}
      />
    </SpaceBetween>
  );
}
