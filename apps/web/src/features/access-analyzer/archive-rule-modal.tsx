// Create or edit an archive rule: its name and filter criteria (key, operator, values), with a
// preview of the active findings it matches now — new findings that match are archived as they
// come, existing ones only when the rule is applied.
import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import Autosuggest from '@cloudscape-design/components/autosuggest';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  findingsQuery,
  isUnusedAccessAnalyzer,
  useCreateArchiveRuleMutation,
  useUpdateArchiveRuleMutation,
  type AnalyzerSummary,
  type ArchiveRule,
  type FilterCriteria,
  type FindingSummaryV2,
} from '../../api/queries/access-analyzer.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { EXTERNAL_ACCESS_KEYS, RULE_OPERATORS, UNUSED_ACCESS_KEYS, criteriaToRows, rowError, rowsToCriteria, type CriterionRow, type RuleOperator } from './filters.ts';
import { resourceName } from './format.ts';

/** AWS's archive rule Name: 1–255 characters, a letter first, then letters, digits, _ . - */
const RULE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,254}$/;
/** AWS's limit on the criteria of one rule. */
const MAX_CRITERIA = 20;
const PREVIEW_COUNT = 5;

const EXISTS_OPTIONS = [
  { value: 'true', label: 'true' },
  { value: 'false', label: 'false' },
];

/** The active findings a filter matches now. */
function Preview({ analyzerArn, filter }: { analyzerArn: string; filter: FilterCriteria }) {
  const findings = useQuery(findingsQuery<FindingSummaryV2>('ListFindingsV2', analyzerArn, { ...filter, status: { eq: ['ACTIVE'] } }));
  if (findings.isPending) return <StatusIndicator type="loading">Finding matching active findings</StatusIndicator>;
  if (findings.isError) return <StatusIndicator type="error">The preview failed: {findings.error.message}</StatusIndicator>;
  const count = findings.data.length;
  const shown = findings.data.slice(0, PREVIEW_COUNT).map((f) => resourceName(f.resource));
  return (
    <div role="status">
      {count === 0 ? 'No active findings match these criteria.' : `${count} active finding${count === 1 ? '' : 's'} match${count === 1 ? 'es' : ''} these criteria: ${shown.join(', ')}${count > PREVIEW_COUNT ? ', …' : ''}.`}
    </div>
  );
}

export function ArchiveRuleModal({ analyzer, rule, onClose, onSaved }: { analyzer: AnalyzerSummary; rule?: ArchiveRule; onClose: () => void; onSaved: (ruleName: string) => void }) {
  const create = useCreateArchiveRuleMutation();
  const update = useUpdateArchiveRuleMutation();
  const save = rule ? update : create;
  const [name, setName] = useState(rule?.ruleName ?? '');
  const [rows, setRows] = useState<CriterionRow[]>(() => (rule ? criteriaToRows(rule.filter) : [{ key: '', operator: 'eq', values: '' }]));
  const [tried, setTried] = useState(false);
  const [previewed, setPreviewed] = useState<FilterCriteria | null>(null);
  const keys = isUnusedAccessAnalyzer(analyzer.type) ? UNUSED_ACCESS_KEYS : EXTERNAL_ACCESS_KEYS;
  const nameError = RULE_NAME.test(name) ? undefined : 'The name must be 1 to 255 characters: letters, numbers, _ . and -, starting with a letter.';
  const errors = rows.map(rowError);
  const invalid = Boolean(nameError) || rows.length === 0 || errors.some((e) => e.key || e.values);
  const setRow = (index: number, change: Partial<CriterionRow>) => {
    setPreviewed(null);
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...change } : row)));
  };

  const submit = () => {
    setTried(true);
    if (invalid) return;
    save.mutate({ analyzerName: analyzer.name, ruleName: name, filter: rowsToCriteria(rows) }, { onSuccess: () => onSaved(name) });
  };

  return (
    <FormModal
      header={rule ? `Edit archive rule ${rule.ruleName}` : 'Create archive rule'}
      submitLabel={rule ? 'Save changes' : 'Create archive rule'}
      onSubmit={submit}
      onClose={onClose}
      loading={save.isPending}
      size="large"
      error={save.error}
      errorHeader={rule ? 'The archive rule could not be saved' : 'The archive rule could not be created'}
    >
      <SpaceBetween size="l">
        <FormField label="Rule name" errorText={tried ? nameError : undefined}>
          <Input value={name} disabled={rule !== undefined} onChange={({ detail }) => setName(detail.value)} />
        </FormField>
        <FormField
          label="Criteria"
          description="Findings that meet every criterion are archived. Separate several values with commas: a finding matches when any of them does."
          errorText={tried && rows.length === 0 ? 'Add at least one criterion.' : undefined}
        >
          <AttributeEditor<CriterionRow>
            items={rows}
            addButtonText="Add criterion"
            removeButtonText="Remove"
            disableAddButton={rows.length >= MAX_CRITERIA}
            onAddButtonClick={() => setRows((current) => [...current, { key: '', operator: 'eq', values: '' }])}
            onRemoveButtonClick={({ detail }) => {
              setPreviewed(null);
              setRows((current) => current.filter((_, i) => i !== detail.itemIndex));
            }}
            empty="No criteria"
            definition={[
              {
                label: 'Filter key',
                errorText: (_row, i) => (tried ? errors[i]?.key : undefined),
                control: (row, i) => (
                  <Autosuggest
                    value={row.key}
                    onChange={({ detail }) => setRow(i, { key: detail.value })}
                    options={keys.map((k) => ({ value: k.key, description: k.label }))}
                    enteredTextLabel={(value) => `Use: "${value}"`}
                    placeholder="resourceType"
                    expandToViewport
                  />
                ),
              },
              {
                label: 'Operator',
                control: (row, i) => (
                  <Select
                    selectedOption={RULE_OPERATORS.find((o) => o.value === row.operator)!}
                    options={RULE_OPERATORS}
                    onChange={({ detail }) => {
                      const operator = detail.selectedOption.value as RuleOperator;
                      setRow(i, { operator, values: operator === 'exists' ? 'true' : row.operator === 'exists' ? '' : row.values });
                    }}
                    ariaLabel={`Operator ${i + 1}`}
                    expandToViewport
                  />
                ),
              },
              {
                label: 'Values',
                errorText: (_row, i) => (tried ? errors[i]?.values : undefined),
                control: (row, i) =>
                  row.operator === 'exists' ? (
                    <Select
                      selectedOption={EXISTS_OPTIONS.find((o) => o.value === row.values) ?? null}
                      options={EXISTS_OPTIONS}
                      onChange={({ detail }) => setRow(i, { values: detail.selectedOption.value ?? 'true' })}
                      ariaLabel={`Values ${i + 1}`}
                      expandToViewport
                    />
                  ) : (
                    <Input value={row.values} onChange={({ detail }) => setRow(i, { values: detail.value })} placeholder={keys.find((k) => k.key === row.key)?.values?.[0] ?? 'Value'} ariaLabel={`Values ${i + 1}`} />
                  ),
              },
            ]}
          />
        </FormField>
        <SpaceBetween size="xs">
          <Button
            disabled={rows.length === 0 || errors.some((e) => e.key || e.values)}
            onClick={() => setPreviewed(rowsToCriteria(rows))}
          >
            Preview
          </Button>
          {previewed && <Preview analyzerArn={analyzer.arn} filter={previewed} />}
        </SpaceBetween>
      </SpaceBetween>
    </FormModal>
  );
}
