// The audit-history filter form → ListAuditEvents' filter fields, with the checks the server
// would otherwise answer with InvalidInput.
import type { AuditEventsFilter } from '../../api/queries/audit-history.ts';

export type TimeRange = 'all' | '1h' | '24h' | '7d' | '30d' | 'custom';

export interface AuditFilterForm {
  range: TimeRange;
  start: string;
  end: string;
  principal: string;
  action: string;
  decision: '' | 'allowed' | 'denied' | 'invalid';
}

export const EMPTY_FILTER: AuditFilterForm = { range: 'all', start: '', end: '', principal: '', action: '', decision: '' };

const HOURS: Record<Exclude<TimeRange, 'all' | 'custom'>, number> = { '1h': 1, '24h': 24, '7d': 24 * 7, '30d': 24 * 30 };

export type AuditFilterErrors = Partial<Record<'start' | 'end' | 'principal' | 'action', string>>;

const parseTime = (text: string) => {
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
};

export function validateAuditFilter(form: AuditFilterForm): AuditFilterErrors {
  const errors: AuditFilterErrors = {};
  if (form.range === 'custom') {
    if (form.start.trim() && !parseTime(form.start)) errors.start = 'Enter a date and time such as 2026-01-31T13:00:00Z.';
    if (form.end.trim() && !parseTime(form.end)) errors.end = 'Enter a date and time such as 2026-01-31T14:00:00Z.';
    const start = parseTime(form.start);
    const end = parseTime(form.end);
    if (start && end && start > end) errors.end = 'The end must not be before the start.';
  }
  if (form.principal.trim() && !form.principal.trim().startsWith('arn:')) errors.principal = 'Enter the principal ARN, such as arn:aws:iam::123456789012:user/alice.';
  if (form.action.trim() && !/^[\w-]+:[\w*-]+$/.test(form.action.trim())) errors.action = 'Enter service:Action, such as iam:CreateUser.';
  return errors;
}

/** The ListAuditEvents filter of a valid form, at `now` for relative ranges. */
export function toAuditFilter(form: AuditFilterForm, now = new Date()): AuditEventsFilter {
  const filter: AuditEventsFilter = {};
  if (form.range === 'custom') {
    if (form.start.trim()) filter.StartTime = new Date(form.start.trim()).toISOString();
    if (form.end.trim()) filter.EndTime = new Date(form.end.trim()).toISOString();
  } else if (form.range !== 'all') {
    filter.StartTime = new Date(now.getTime() - HOURS[form.range] * 3600_000).toISOString();
  }
  if (form.principal.trim()) filter.PrincipalArn = form.principal.trim();
  if (form.action.trim()) filter.EventAction = form.action.trim();
  if (form.decision) filter.Decision = form.decision;
  return filter;
}
