// Create role: "Select trusted entity" (AWS account with external ID / MFA options, AWS service,
// or a custom trust policy in the validated JSON editor) → "Add permissions" (managed policies,
// optional permissions boundary) → "Name, review, and create".
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import Tiles from '@cloudscape-design/components/tiles';
import Wizard from '@cloudscape-design/components/wizard';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Tag } from '../../api/queries/policies.ts';
import { useCreateRoleMutation } from '../../api/queries/roles.ts';
import { sessionQuery } from '../../api/queries/session.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { createdFlashState } from '../../components/created-flash.tsx';
import { countFindings, PoliciesJsonEditor, policyFindings } from '../../components/policies-json-editor.tsx';
import { PoliciesPickerTable } from '../../components/policies-picker-table.tsx';
import { PoliciesTagsEditor, validateTags } from '../../components/policies-tags-editor.tsx';
import {
  accountTrustPolicy,
  CUSTOM_TRUST_TEMPLATE,
  serviceTrustPolicy,
  SESSION_DURATIONS,
  validateAccountTrust,
  validateRoleDescription,
  validateRoleName,
  type AccountTrustOptions,
  type TrustedEntityType,
} from './trust-policy.ts';

const WIZARD_STRINGS = {
  stepNumberLabel: (n: number) => `Step ${n}`,
  collapsedStepsLabel: (n: number, total: number) => `Step ${n} of ${total}`,
  navigationAriaLabel: 'Steps',
  cancelButton: 'Cancel',
  previousButton: 'Previous',
  nextButton: 'Next',
  optional: 'optional',
};

const SERVICES = [
  { value: 'ec2.amazonaws.com', label: 'EC2' },
  { value: 'lambda.amazonaws.com', label: 'Lambda' },
  { value: 'ecs-tasks.amazonaws.com', label: 'Elastic Container Service (tasks)' },
];

export function CreateRolePage() {
  const navigate = useNavigate();
  const session = useQuery(sessionQuery);
  const thisAccountId = session.data?.principal.accountId ?? '';
  const create = useCreateRoleMutation();
  const [step, setStep] = useState(0);
  const [entityType, setEntityType] = useState<TrustedEntityType>('account');
  const [account, setAccount] = useState<Omit<AccountTrustOptions, 'thisAccountId'>>({
    account: 'this',
    otherAccountId: '',
    requireExternalId: false,
    externalId: '',
    requireMfa: false,
  });
  const [service, setService] = useState(SERVICES[0]!);
  const [customPolicy, setCustomPolicy] = useState(CUSTOM_TRUST_TEMPLATE);
  const [policyArns, setPolicyArns] = useState<string[]>([]);
  const [useBoundary, setUseBoundary] = useState(false);
  const [boundary, setBoundary] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [duration, setDuration] = useState(SESSION_DURATIONS[0]!);
  const [tags, setTags] = useState<Tag[]>([]);
  const [tried, setTried] = useState<Record<number, boolean>>({});

  const accountOptions: AccountTrustOptions = { ...account, thisAccountId };
  const trustPolicy =
    entityType === 'account' ? accountTrustPolicy(accountOptions) : entityType === 'service' ? serviceTrustPolicy(service.value) : customPolicy;
  const customErrors = countFindings(useMemo(() => policyFindings(customPolicy, 'TRUST_POLICY', 2048), [customPolicy])).ERROR;
  const accountErrors = tried[0] && entityType === 'account' ? validateAccountTrust(accountOptions) : {};
  const nameError = tried[2] ? validateRoleName(name) : undefined;
  const descriptionError = validateRoleDescription(description);
  const tagsError = tried[2] ? validateTags(tags) : undefined;
  const boundaryError = tried[1] && useBoundary && boundary.length === 0 ? 'Choose a policy to use as the permissions boundary.' : undefined;

  const stepValid = (index: number): boolean => {
    if (index === 0) {
      if (entityType === 'account') return Object.keys(validateAccountTrust(accountOptions)).length === 0;
      if (entityType === 'custom') return customErrors === 0;
      return true;
    }
    if (index === 1) return !useBoundary || boundary.length > 0;
    return !validateRoleName(name) && !descriptionError && !validateTags(tags);
  };

  const submit = () => {
    setTried((t) => ({ ...t, 2: true }));
    if (!stepValid(2)) return;
    create.mutate(
      {
        RoleName: name,
        AssumeRolePolicyDocument: trustPolicy,
        ...(description ? { Description: description } : {}),
        MaxSessionDuration: Number(duration.value),
        ...(useBoundary && boundary[0] ? { PermissionsBoundary: boundary[0] } : {}),
        ...(tags.length ? { Tags: tags } : {}),
        policyArns,
      },
      {
        // As the AWS console: back to the list with a "View role" flash; a role whose policies
        // were not all attached opens at once, with the warning, so it can be finished.
        onSuccess: ({ role, attachError }) => {
          const href = `/roles/details/${encodeURIComponent(role.RoleName)}`;
          if (attachError) {
            void navigate(href, {
              state: { flash: `Role ${role.RoleName} created, but a policy could not be attached: ${attachError instanceof Error ? attachError.message : String(attachError)}`, flashType: 'warning' },
            });
          } else {
            void navigate('/roles', { state: createdFlashState({ message: `Role ${role.RoleName} created.`, href, viewLabel: 'View role' }) });
          }
        },
      },
    );
  };

  return (
    <Wizard
      i18nStrings={WIZARD_STRINGS}
      submitButtonText="Create role"
      activeStepIndex={step}
      isLoadingNextStep={create.isPending}
      onCancel={() => void navigate('/roles')}
      onSubmit={submit}
      onNavigate={({ detail }) => {
        if (detail.requestedStepIndex > step) {
          setTried((t) => ({ ...t, [step]: true }));
          if (!stepValid(step)) return;
        }
        setStep(detail.requestedStepIndex);
      }}
      steps={[
        {
          title: 'Select trusted entity',
          content: (
            <SpaceBetween size="l">
              <Container header={<Header variant="h2">Trusted entity type</Header>}>
                <Tiles
                  ariaLabel="Trusted entity type"
                  value={entityType}
                  onChange={({ detail }) => setEntityType(detail.value as TrustedEntityType)}
                  columns={3}
                  items={[
                    { value: 'service', label: 'AWS service', description: 'Allow AWS services like EC2 or Lambda to perform actions in this account.' },
                    { value: 'account', label: 'AWS account', description: 'Allow entities in other AWS accounts belonging to you or a 3rd party to perform actions in this account.' },
                    { value: 'custom', label: 'Custom trust policy', description: 'Create a custom trust policy to enable others to perform actions in this account.' },
                  ]}
                />
              </Container>
              {entityType === 'account' && (
                <Container header={<Header variant="h2">An AWS account</Header>}>
                  <SpaceBetween size="l">
                    <RadioGroup
                      ariaLabel="An AWS account"
                      value={account.account}
                      onChange={({ detail }) => setAccount({ ...account, account: detail.value as 'this' | 'another' })}
                      items={[
                        { value: 'this', label: `This account (${thisAccountId})` },
                        { value: 'another', label: 'Another AWS account' },
                      ]}
                    />
                    {account.account === 'another' && (
                      <FormField label="Account ID" description="Identifier of the account that can use this role." errorText={accountErrors.otherAccountId}>
                        <Input value={account.otherAccountId} inputMode="numeric" onChange={({ detail }) => setAccount({ ...account, otherAccountId: detail.value })} />
                      </FormField>
                    )}
                    <SpaceBetween size="s">
                      <Box variant="h3">Options</Box>
                        <Checkbox
                          checked={account.requireExternalId}
                          onChange={({ detail }) => setAccount({ ...account, requireExternalId: detail.checked })}
                          description="Best practice when a third party will assume this role."
                        >
                          Require external ID
                        </Checkbox>
                        {account.requireExternalId && (
                          <FormField
                            label="External ID"
                            constraintText='2 to 1,224 characters: alphanumeric and "+=,.@:/-_".'
                            errorText={accountErrors.externalId}
                          >
                            <Input value={account.externalId} onChange={({ detail }) => setAccount({ ...account, externalId: detail.value })} />
                          </FormField>
                        )}
                        <Checkbox
                          checked={account.requireMfa}
                          onChange={({ detail }) => setAccount({ ...account, requireMfa: detail.checked })}
                          description="Requires that the assuming entity use multi-factor authentication."
                        >
                          Require MFA
                        </Checkbox>
                    </SpaceBetween>
                  </SpaceBetween>
                </Container>
              )}
              {entityType === 'service' && (
                <Container header={<Header variant="h2">Use case</Header>}>
                  <FormField label="Service">
                    <Select selectedOption={service} options={SERVICES} onChange={({ detail }) => setService(SERVICES.find((s) => s.value === detail.selectedOption.value) ?? SERVICES[0]!)} />
                  </FormField>
                </Container>
              )}
              {entityType === 'custom' && (
                <Container header={<Header variant="h2" description="Resolve any errors before you continue.">Custom trust policy</Header>}>
                  <SpaceBetween size="s">
                    {tried[0] && customErrors > 0 && (
                      <Alert type="error" header="Resolve the errors in the trust policy to continue">{`The policy has ${customErrors} ${customErrors === 1 ? 'error' : 'errors'}.`}</Alert>
                    )}
                    <PoliciesJsonEditor value={customPolicy} onChange={setCustomPolicy} policyType="TRUST_POLICY" maxSize={2048} ariaLabel="Trust policy editor" />
                  </SpaceBetween>
                </Container>
              )}
            </SpaceBetween>
          ),
        },
        {
          title: 'Add permissions',
          content: (
            <SpaceBetween size="l">
              <PoliciesPickerTable title="Permissions policies" description="Choose one or more policies to attach to your new role." selectedArns={policyArns} onChange={setPolicyArns} />
              <Container>
                <ExpandableSection headerText="Set permissions boundary - optional" defaultExpanded={useBoundary}>
                  <SpaceBetween size="m">
                    <RadioGroup
                      ariaLabel="Permissions boundary"
                      value={useBoundary ? 'use' : 'none'}
                      onChange={({ detail }) => setUseBoundary(detail.value === 'use')}
                      items={[
                        { value: 'none', label: 'Create role without a permissions boundary' },
                        { value: 'use', label: 'Use a permissions boundary to control the maximum role permissions' },
                      ]}
                    />
                    {useBoundary && (
                      <FormField errorText={boundaryError}>
                        <PoliciesPickerTable title="Permissions boundary" selectionType="single" selectedArns={boundary} onChange={setBoundary} />
                      </FormField>
                    )}
                  </SpaceBetween>
                </ExpandableSection>
              </Container>
            </SpaceBetween>
          ),
        },
        {
          title: 'Name, review, and create',
          content: (
            <SpaceBetween size="l">
              {create.isError && <ApiErrorAlert error={create.error} header="The role could not be created" />}
              <Container header={<Header variant="h2">Role details</Header>}>
                <SpaceBetween size="l">
                  <FormField label="Role name" description="Enter a meaningful name to identify this role." constraintText='Maximum 64 characters. Use alphanumeric and "+=,.@-_" characters.' errorText={nameError}>
                    <Input value={name} onChange={({ detail }) => setName(detail.value)} />
                  </FormField>
                  <FormField label="Description" description="Add a short explanation for this role." constraintText="Maximum 1,000 characters." errorText={descriptionError}>
                    <Textarea value={description} onChange={({ detail }) => setDescription(detail.value)} />
                  </FormField>
                  <FormField label="Maximum session duration" description="How long a session that assumes this role can last.">
                    <Select selectedOption={duration} options={SESSION_DURATIONS} onChange={({ detail }) => setDuration(SESSION_DURATIONS.find((d) => d.value === detail.selectedOption.value) ?? SESSION_DURATIONS[0]!)} />
                  </FormField>
                </SpaceBetween>
              </Container>
              <Container header={<Header variant="h2">Step 1: Select trusted entities</Header>}>
                <PoliciesJsonEditor key={trustPolicy} value={trustPolicy} readOnly policyType="TRUST_POLICY" ariaLabel="Trust policy" height={240} />
              </Container>
              <Container header={<Header variant="h2">Step 2: Add permissions</Header>}>
                {policyArns.length === 0 ? 'No permissions policies selected.' : (
                  <ul aria-label="Permissions policy summary">
                    {policyArns.map((arn) => (
                      <li key={arn}>{arn.slice(arn.lastIndexOf('/') + 1)}</li>
                    ))}
                  </ul>
                )}
                {useBoundary && boundary[0] && <div>Permissions boundary: {boundary[0]}</div>}
              </Container>
              <Container header={<Header variant="h2">Step 3: Add tags - optional</Header>}>
                <FormField errorText={tagsError}>
                  <PoliciesTagsEditor tags={tags} onChange={setTags} />
                </FormField>
              </Container>
            </SpaceBetween>
          ),
        },
      ]}
    />
  );
}
