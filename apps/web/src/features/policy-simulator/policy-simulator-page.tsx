// Policy simulator: test what a user, group or role (or a policy typed here) allows, action by
// action, with the statements that decided and the context values the policies asked for.
import Alert from '@cloudscape-design/components/alert';
import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { simulatorPrincipalsQuery, useSimulationMutation, type EvaluationResult } from '../../api/queries/policy-simulator.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { countFindings, PoliciesJsonEditor, policyFindings } from '../../components/policies-json-editor.tsx';
import { CONTEXT_TYPES, decisionLabel, splitList, toContextEntries, validateActions, validateContext, validateResources, type ContextRow } from './simulator-form.ts';

const SUGGESTIONS = ['iam:ListUsers', 'iam:CreateUser', 'iam:GetAccountSummary', 'sts:AssumeRole', 's3:GetObject', 'ec2:DescribeImages'];
const NEW_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }] }, null, 2);

export function PolicySimulatorPage() {
  const [params] = useSearchParams();
  const presetArn = params.get('arn');
  const principals = useQuery(simulatorPrincipalsQuery);
  const simulation = useSimulationMutation();
  const [mode, setMode] = useState<'existing' | 'new'>(presetArn || !params.get('mode') ? 'existing' : 'new');
  const [arn, setArn] = useState<string | null>(presetArn);
  const [policy, setPolicy] = useState(NEW_POLICY);
  const [actions, setActions] = useState('');
  const [resources, setResources] = useState('*');
  const [context, setContext] = useState<ContextRow[]>([]);
  const [submitted, setSubmitted] = useState(false);

  const policyErrors = countFindings(useMemo(() => (mode === 'new' ? policyFindings(policy, 'IDENTITY_POLICY') : []), [mode, policy])).ERROR;
  const errors = submitted
    ? {
        principal: mode === 'existing' && !arn ? 'Choose a user, group or role.' : undefined,
        policy: mode === 'new' && policyErrors > 0 ? 'Resolve the errors in the policy first.' : undefined,
        actions: validateActions(actions),
        resources: validateResources(resources),
        context: validateContext(context),
      }
    : {};

  const groups: SelectProps.OptionGroup[] = (['User', 'Group', 'Role'] as const).map((kind) => ({
    label: `${kind}s`,
    options: (principals.data ?? []).filter((p) => p.kind === kind).map((p) => ({ value: p.arn, label: p.name, description: p.arn })),
  }));
  const selected = (principals.data ?? []).find((p) => p.arn === arn);

  const run = () => {
    setSubmitted(true);
    if ((mode === 'existing' && !arn) || (mode === 'new' && policyErrors > 0)) return;
    if (validateActions(actions) || validateResources(resources) || validateContext(context)) return;
    const common = {
      ActionNames: splitList(actions),
      ResourceArns: splitList(resources).length ? splitList(resources) : ['*'],
      ...(context.length ? { ContextEntries: toContextEntries(context) } : {}),
    };
    simulation.mutate(mode === 'existing' ? { mode, PolicySourceArn: arn!, ...common } : { mode, PolicyInputList: [policy], ...common });
  };

  return (
    <ContentLayout header={<Header variant="h1" description="Test the effect of identity-based policies on actions and resources, without making the requests.">Policy simulator</Header>}>
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">Policies to simulate</Header>}>
          <SpaceBetween size="l">
            <RadioGroup
              ariaLabel="Mode"
              value={mode}
              onChange={({ detail }) => setMode(detail.value as 'existing' | 'new')}
              items={[
                { value: 'existing', label: 'Existing policies', description: "Simulate a user's, group's or role's policies (and its permissions boundary)." },
                { value: 'new', label: 'New policy', description: 'Simulate a policy document you paste or write here.' },
              ]}
            />
            {mode === 'existing' && (
              <FormField label="User, group or role" errorText={errors.principal}>
                <Select
                  filteringType="auto"
                  placeholder="Choose a principal"
                  statusType={principals.isLoading ? 'loading' : principals.isError ? 'error' : 'finished'}
                  errorText="The users, groups and roles could not be loaded."
                  selectedOption={arn ? { value: arn, label: selected?.name ?? arn, description: arn } : null}
                  options={groups}
                  onChange={({ detail }) => setArn(detail.selectedOption.value ?? null)}
                  empty="No users, groups or roles"
                />
              </FormField>
            )}
            {mode === 'new' && (
              <FormField label="Policy document" errorText={errors.policy} stretch>
                <PoliciesJsonEditor value={policy} onChange={setPolicy} policyType="IDENTITY_POLICY" ariaLabel="Policy to simulate" height={260} />
              </FormField>
            )}
          </SpaceBetween>
        </Container>
        <Container header={<Header variant="h2">Actions and resources</Header>}>
          <SpaceBetween size="l">
            <FormField label="Actions" description="service:Action names, separated by commas or new lines. Wildcards (*) are allowed." errorText={errors.actions}>
              <SpaceBetween size="xs">
                <Textarea value={actions} rows={3} placeholder="iam:ListUsers, s3:GetObject" onChange={({ detail }) => setActions(detail.value)} />
                <SpaceBetween direction="horizontal" size="xs">
                  {SUGGESTIONS.map((action) => (
                    <Button key={action} variant="inline-link" onClick={() => setActions((current) => splitList(`${current},${action}`).join('\n'))} ariaLabel={`Add ${action}`}>
                      {`+ ${action}`}
                    </Button>
                  ))}
                </SpaceBetween>
              </SpaceBetween>
            </FormField>
            <FormField label="Resource ARNs" description="One ARN per line, or * for all resources." errorText={errors.resources}>
              <Textarea value={resources} rows={2} onChange={({ detail }) => setResources(detail.value)} />
            </FormField>
            <FormField label="Context values - optional" description="Values of condition keys such as aws:SourceIp or aws:MultiFactorAuthPresent." errorText={errors.context} stretch>
              <AttributeEditor
                items={context}
                addButtonText="Add context key"
                removeButtonText="Remove"
                empty="No context values."
                onAddButtonClick={() => setContext([...context, { key: '', type: 'string', values: '' }])}
                onRemoveButtonClick={({ detail }) => setContext(context.filter((_c, i) => i !== detail.itemIndex))}
                definition={[
                  { label: 'Key', control: (row, i) => <Input ariaLabel={`Context key ${i + 1}`} value={row.key} placeholder="aws:SourceIp" onChange={({ detail }) => setContext(context.map((c, j) => (j === i ? { ...c, key: detail.value } : c)))} /> },
                  {
                    label: 'Type',
                    control: (row, i) => (
                      <Select
                        ariaLabel={`Context type ${i + 1}`}
                        selectedOption={{ value: row.type, label: row.type }}
                        options={CONTEXT_TYPES.map((t) => ({ value: t, label: t }))}
                        onChange={({ detail }) => setContext(context.map((c, j) => (j === i ? { ...c, type: detail.selectedOption.value ?? 'string' } : c)))}
                      />
                    ),
                  },
                  { label: 'Values', control: (row, i) => <Input ariaLabel={`Context values ${i + 1}`} value={row.values} placeholder="Comma-separated" onChange={({ detail }) => setContext(context.map((c, j) => (j === i ? { ...c, values: detail.value } : c)))} /> },
                ]}
              />
            </FormField>
            <Box>
              <Button variant="primary" loading={simulation.isPending} onClick={run}>
                Run simulation
              </Button>
            </Box>
          </SpaceBetween>
        </Container>
        {simulation.isError && <ApiErrorAlert error={simulation.error} header="The simulation could not run" />}
        {simulation.data && <Results results={simulation.data} />}
      </SpaceBetween>
    </ContentLayout>
  );
}

function Results({ results }: { results: EvaluationResult[] }) {
  const missing = [...new Set(results.flatMap((r) => r.MissingContextValues ?? []))];
  return (
    <SpaceBetween size="m">
      {missing.length > 0 && (
        <Alert type="warning" header="Missing context values">
          {`The policies use context keys the simulation had no values for: ${missing.join(', ')}. Add them under Context values to simulate the conditions.`}
        </Alert>
      )}
      <Table
        items={results}
        ariaLabels={{ tableLabel: 'Simulation results' }}
        wrapLines
        header={<Header variant="h2" counter={`(${results.length})`}>Results</Header>}
        columnDefinitions={[
          { id: 'action', header: 'Action', cell: (r) => r.EvalActionName },
          { id: 'resource', header: 'Resource', cell: (r) => r.EvalResourceName },
          {
            id: 'decision',
            header: 'Permission',
            cell: (r) => {
              const label = decisionLabel(r.EvalDecision);
              return <StatusIndicator type={label.type}>{label.text}</StatusIndicator>;
            },
          },
          {
            id: 'statements',
            header: 'Matching statements',
            cell: (r) =>
              r.MatchedStatements.length === 0
                ? '-'
                : r.MatchedStatements.map((s) => `${s.SourcePolicyId} (${s.SourcePolicyType})${s.StartPosition ? ` at line ${s.StartPosition.Line}, column ${s.StartPosition.Column}` : ''}`).join('; '),
          },
          {
            id: 'boundary',
            header: 'Permissions boundary',
            cell: (r) => (r.PermissionsBoundaryDecisionDetail ? (r.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary ? 'Allows' : 'Does not allow') : '-'),
          },
          { id: 'missing', header: 'Missing context values', cell: (r) => (r.MissingContextValues?.length ? r.MissingContextValues.join(', ') : '-') },
        ]}
      />
    </SpaceBetween>
  );
}
