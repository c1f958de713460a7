// Create policy: "Specify permissions" (visual or JSON, validated live by the policy engine;
// errors block Next) → "Review and create" (name, description, tags, summary) → CreatePolicy.
import Alert from '@cloudscape-design/components/alert';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import Wizard from '@cloudscape-design/components/wizard';
import { useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useCreatePolicyMutation, type Tag } from '../../api/queries/policies.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { createdFlashState } from '../../components/created-flash.tsx';
import { prefilledPolicyDocument } from '../../components/generate-policy-panel.tsx';
import { countFindings, policyFindings } from '../../components/policies-json-editor.tsx';
import { PoliciesTagsEditor, validateTags } from '../../components/policies-tags-editor.tsx';
import { PolicyPermissionsEditor } from './policy-permissions-editor.tsx';
import { validatePolicyDescription, validatePolicyName } from './policy-validation.ts';
import { summarizePolicy } from './visual-model.ts';

export const EMPTY_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [] }, null, 2);

export const WIZARD_STRINGS = {
  stepNumberLabel: (n: number) => `Step ${n}`,
  collapsedStepsLabel: (n: number, total: number) => `Step ${n} of ${total}`,
  navigationAriaLabel: 'Steps',
  cancelButton: 'Cancel',
  previousButton: 'Previous',
  nextButton: 'Next',
  optional: 'optional',
};

export function PolicySummaryTable({ text }: { text: string }) {
  const rows = summarizePolicy(text);
  return (
    <Table
      variant="embedded"
      ariaLabels={{ tableLabel: 'Permissions defined in this policy' }}
      items={rows}
      empty="No permissions are defined in this policy."
      columnDefinitions={[
        { id: 'effect', header: 'Effect', cell: (r) => r.effect },
        { id: 'service', header: 'Service', cell: (r) => r.service },
        { id: 'access', header: 'Access level', cell: (r) => r.accessLevel },
        { id: 'resource', header: 'Resource', cell: (r) => r.resource },
        { id: 'condition', header: 'Request condition', cell: (r) => r.condition },
      ]}
    />
  );
}

export function CreatePolicyPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const create = useCreatePolicyMutation();
  const [step, setStep] = useState(0);
  // A document handed over by another page (a generated policy) opens in the JSON editor.
  const [prefilled] = useState(() => prefilledPolicyDocument(location.state));
  const [text, setText] = useState(prefilled ?? EMPTY_POLICY);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState<Tag[]>([]);
  const [blocked, setBlocked] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const findings = useMemo(() => policyFindings(text, 'IDENTITY_POLICY'), [text]);
  const errorCount = countFindings(findings).ERROR;
  const nameError = submitted ? validatePolicyName(name) : undefined;
  const descriptionError = validatePolicyDescription(description);
  const tagsError = submitted ? validateTags(tags) : undefined;

  const submit = () => {
    setSubmitted(true);
    if (validatePolicyName(name) || descriptionError || validateTags(tags)) return;
    create.mutate(
      { PolicyName: name, PolicyDocument: text, ...(description ? { Description: description } : {}), ...(tags.length ? { Tags: tags } : {}) },
      {
        onSuccess: (policy) =>
          void navigate('/policies', {
            state: createdFlashState({ message: `Policy ${policy.PolicyName} created.`, href: `/policies/details/${encodeURIComponent(policy.Arn)}`, viewLabel: 'View policy' }),
          }),
      },
    );
  };

  return (
    <Wizard
      i18nStrings={WIZARD_STRINGS}
      submitButtonText="Create policy"
      activeStepIndex={step}
      isLoadingNextStep={create.isPending}
      onCancel={() => void navigate('/policies')}
      onSubmit={submit}
      onNavigate={({ detail }) => {
        if (detail.requestedStepIndex > step && errorCount > 0) {
          setBlocked(true);
          return;
        }
        setBlocked(false);
        setStep(detail.requestedStepIndex);
      }}
      steps={[
        {
          title: 'Specify permissions',
          description: 'Add permissions by selecting services, actions, resources, and conditions. Build permission statements using the JSON editor.',
          content: (
            <SpaceBetween size="m">
              {blocked && errorCount > 0 && (
                <Alert type="error" header="Resolve the errors in the policy to continue">
                  {`The policy has ${errorCount} ${errorCount === 1 ? 'error' : 'errors'}. Fix them in the policy editor, then choose Next.`}
                </Alert>
              )}
              <Container header={<Header variant="h2">Policy editor</Header>}>
                <PolicyPermissionsEditor text={text} onChange={setText} {...(prefilled ? { initialMode: 'json' as const } : {})} />
              </Container>
            </SpaceBetween>
          ),
        },
        {
          title: 'Review and create',
          description: 'Review the permissions, specify details, and tags.',
          content: (
            <SpaceBetween size="l">
              {create.isError && <ApiErrorAlert error={create.error} header="The policy could not be created" />}
              <Container header={<Header variant="h2">Policy details</Header>}>
                <SpaceBetween size="l">
                  <FormField
                    label="Policy name"
                    description="Enter a meaningful name to identify this policy."
                    constraintText='Maximum 128 characters. Use alphanumeric and "+=,.@-_" characters.'
                    errorText={nameError}
                  >
                    <Input value={name} onChange={({ detail }) => setName(detail.value)} />
                  </FormField>
                  <FormField
                    label={
                      <span>
                        Description - <i>optional</i>
                      </span>
                    }
                    description="Add a short explanation for this policy."
                    constraintText="Maximum 1,000 characters. The description can't be edited later."
                    errorText={descriptionError}
                  >
                    <Textarea value={description} onChange={({ detail }) => setDescription(detail.value)} />
                  </FormField>
                </SpaceBetween>
              </Container>
              <Container header={<Header variant="h2">Permissions defined in this policy</Header>}>
                <PolicySummaryTable text={text} />
              </Container>
              <Container header={<Header variant="h2" description="Tags are key-value pairs that you can add to AWS resources to help identify, organize, or search for resources.">Add tags - optional</Header>}>
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
