// What the findings tables and archive rules filter on, turned into AWS's filter criteria
// (FilterCriteriaMap: attribute → {eq, neq, contains, exists}; every criterion must hold, and
// within one the values of eq and contains are alternatives). The keys are AWS's filter keys:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-filter-keys.html
import type { PropertyFilterProps } from '@cloudscape-design/components/property-filter';
import type { Criterion, FilterCriteria, FindingStatus } from '../../api/queries/access-analyzer.ts';

/** A filter key as the console names it, with the values it suggests. */
export interface FilterKey {
  key: string;
  label: string;
  values?: readonly string[];
}

export const FINDING_TYPE_LABELS: Record<string, string> = {
  ExternalAccess: 'External access',
  UnusedIAMRole: 'Unused role',
  UnusedIAMUserAccessKey: 'Unused access key',
  UnusedIAMUserPassword: 'Unused password',
  UnusedPermission: 'Unused permissions',
  InternalAccess: 'Internal access',
};

/** The keys of external access findings (the resource types our analyzers look at). */
export const EXTERNAL_ACCESS_KEYS: readonly FilterKey[] = [
  { key: 'resource', label: 'Resource' },
  { key: 'resourceType', label: 'Resource type', values: ['AWS::IAM::Role', 'AWS::EC2::Image', 'AWS::EC2::Snapshot'] },
  { key: 'resourceOwnerAccount', label: 'Resource owner account' },
  { key: 'principal.AWS', label: 'External principal: AWS' },
  { key: 'principal.Federated', label: 'External principal: Federated' },
  { key: 'isPublic', label: 'Public access', values: ['true', 'false'] },
  { key: 'action', label: 'Action', values: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'ec2:RunInstances', 'ec2:CreateVolume'] },
  { key: 'condition.sts:ExternalId', label: 'Condition: sts:ExternalId' },
  { key: 'condition.aws:SourceIp', label: 'Condition: aws:SourceIp' },
  { key: 'condition.aws:MultiFactorAuthPresent', label: 'Condition: aws:MultiFactorAuthPresent' },
  { key: 'id', label: 'Finding ID' },
];

/** The keys of unused access findings. */
export const UNUSED_ACCESS_KEYS: readonly FilterKey[] = [
  { key: 'resource', label: 'Resource' },
  { key: 'resourceType', label: 'Resource type', values: ['AWS::IAM::Role', 'AWS::IAM::User'] },
  { key: 'findingType', label: 'Finding type', values: ['UnusedIAMRole', 'UnusedIAMUserAccessKey', 'UnusedIAMUserPassword', 'UnusedPermission'] },
  { key: 'resourceOwnerAccount', label: 'Resource owner account' },
  { key: 'id', label: 'Finding ID' },
];

/** The findings tables' status control. */
export type StatusChoice = FindingStatus | 'ALL';

/** The criterion of the status control: none for All. */
export function statusCriteria(status: StatusChoice): FilterCriteria {
  return status === 'ALL' ? {} : { status: { eq: [status] } };
}

/** Property filter operators and the criterion member each becomes. */
const TOKEN_OPERATORS = { '=': 'eq', '!=': 'neq', ':': 'contains' } as const;
export const PROPERTY_OPERATORS = Object.keys(TOKEN_OPERATORS) as (keyof typeof TOKEN_OPERATORS)[];

type ValuesMember = 'eq' | 'neq' | 'contains';

function addValue(criteria: FilterCriteria, key: string, member: ValuesMember, value: string): void {
  const criterion: Criterion = (criteria[key] ??= {});
  const values = (criterion[member] ??= []);
  if (!values.includes(value)) values.push(value);
}

/**
 * The property filter's tokens as filter criteria. Tokens of one property and operator become
 * one criterion's values, alternatives as AWS reads them (Resource type = Role, Resource type =
 * Snapshot: either); different properties must all hold. Free text has no AWS equivalent and is
 * turned off in the filter, so tokens without a property are ignored.
 */
export function tokensToCriteria(query: PropertyFilterProps.Query): FilterCriteria {
  const criteria: FilterCriteria = {};
  for (const token of query.tokens) {
    const member = TOKEN_OPERATORS[token.operator as keyof typeof TOKEN_OPERATORS];
    const value = String(token.value ?? '').trim();
    if (!token.propertyKey || !member || value === '') continue;
    addValue(criteria, token.propertyKey, member, value);
  }
  return criteria;
}

/** Both filters at once: the status control's and the property filter's. */
export function findingsFilter(status: StatusChoice, query: PropertyFilterProps.Query): FilterCriteria {
  return { ...tokensToCriteria(query), ...statusCriteria(status) };
}

// --- Archive rules --------------------------------------------------------------------------

export type RuleOperator = 'eq' | 'neq' | 'contains' | 'exists';

/** One row of the archive rule editor: a key, an operator and its values (comma-separated; true/false for exists). */
export interface CriterionRow {
  key: string;
  operator: RuleOperator;
  values: string;
}

export const RULE_OPERATORS: { value: RuleOperator; label: string }[] = [
  { value: 'eq', label: 'Equals' },
  { value: 'neq', label: 'Not equals' },
  { value: 'contains', label: 'Contains' },
  { value: 'exists', label: 'Exists' },
];

/** AWS's limit on the values of one criterion member. */
export const MAX_CRITERION_VALUES = 20;

const splitValues = (values: string) => [...new Set(values.split(',').map((v) => v.trim()).filter((v) => v !== ''))];

/** What is wrong with a row, if anything. */
export function rowError(row: CriterionRow): { key?: string; values?: string } {
  const errors: { key?: string; values?: string } = {};
  if (row.key.trim() === '') errors.key = 'Choose or enter a filter key.';
  if (row.operator === 'exists') {
    if (row.values !== 'true' && row.values !== 'false') errors.values = 'Choose true or false.';
  } else {
    const count = splitValues(row.values).length;
    if (count === 0) errors.values = 'Enter at least one value.';
    else if (count > MAX_CRITERION_VALUES) errors.values = `Enter at most ${MAX_CRITERION_VALUES} values.`;
  }
  return errors;
}

/** The editor's rows as a rule's filter: rows of one key share its criterion. */
export function rowsToCriteria(rows: readonly CriterionRow[]): FilterCriteria {
  const criteria: FilterCriteria = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (row.operator === 'exists') (criteria[key] ??= {}).exists = row.values === 'true';
    else for (const value of splitValues(row.values)) addValue(criteria, key, row.operator, value);
  }
  return criteria;
}

/** A rule's filter as editor rows: one per key and member. */
export function criteriaToRows(criteria: FilterCriteria): CriterionRow[] {
  return Object.entries(criteria).flatMap(([key, criterion]) => [
    ...(['eq', 'neq', 'contains'] as const).filter((op) => criterion[op]?.length).map((op) => ({ key, operator: op, values: criterion[op]!.join(', ') })),
    ...(criterion.exists !== undefined ? [{ key, operator: 'exists' as const, values: String(criterion.exists) }] : []),
  ]);
}

const OPERATOR_SYMBOLS: Record<RuleOperator, string> = { eq: '=', neq: '≠', contains: 'contains', exists: 'exists' };

/** A filter in one line per criterion member, e.g. "resourceType = AWS::IAM::Role". */
export function describeCriteria(criteria: FilterCriteria): string[] {
  return criteriaToRows(criteria).map((row) => `${row.key} ${OPERATOR_SYMBOLS[row.operator]} ${row.operator === 'exists' ? row.values : row.values.split(', ').join(' or ')}`);
}
