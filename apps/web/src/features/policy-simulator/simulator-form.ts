// The simulator's form fields → SimulatePrincipalPolicy / SimulateCustomPolicy input, with the
// checks IAM applies (ActionNames `service:Action` of 3–128 characters, ResourceArns ARNs or *).

export interface ContextRow {
  key: string;
  type: string;
  values: string;
}

export const CONTEXT_TYPES = ['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList'];

/** Splits comma- or newline-separated text into trimmed, non-empty, distinct items. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map((item) => item.trim()).filter((item) => item !== ''))];
}

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+$/;

export function validateActions(text: string): string | undefined {
  const actions = splitList(text);
  if (actions.length === 0) return 'Enter at least one action, such as iam:ListUsers.';
  const bad = actions.find((action) => !ACTION.test(action) || action.length > 128);
  if (bad) return `"${bad}" is not an action. Use service:Action, such as s3:GetObject.`;
  return undefined;
}

export function validateResources(text: string): string | undefined {
  const bad = splitList(text).find((arn) => arn !== '*' && !/^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/.test(arn));
  if (bad) return `"${bad}" is not an ARN. Use * or an ARN such as arn:aws:s3:::bucket/key.`;
  return undefined;
}

export function validateContext(rows: ContextRow[]): string | undefined {
  for (const row of rows) {
    if (row.key.trim().length < 5) return 'Enter a context key such as aws:SourceIp for every row.';
    if (splitList(row.values).length === 0) return `Enter at least one value for ${row.key.trim()}.`;
    if (!row.type.endsWith('List') && splitList(row.values).length > 1) return `${row.key.trim()} is a single-valued ${row.type}: enter one value or choose a list type.`;
  }
  return undefined;
}

export function toContextEntries(rows: ContextRow[]) {
  return rows.map((row) => ({ ContextKeyName: row.key.trim(), ContextKeyType: row.type, ContextKeyValues: splitList(row.values) }));
}

/** The decision in the console's words, and the status it shows. */
export function decisionLabel(decision: string): { text: string; type: 'success' | 'error' | 'warning' } {
  if (decision === 'allowed') return { text: 'allowed', type: 'success' };
  if (decision === 'explicitDeny') return { text: 'denied (explicit deny)', type: 'error' };
  return { text: 'denied (implicit deny)', type: 'warning' };
}
