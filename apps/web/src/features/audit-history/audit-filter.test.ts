import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, toAuditFilter, validateAuditFilter } from './audit-filter.ts';

describe('audit filter', () => {
  const now = new Date('2026-01-31T12:00:00Z');

  it('sends nothing for the empty form', () => {
    expect(toAuditFilter(EMPTY_FILTER, now)).toEqual({});
  });

  it('turns a relative range into a StartTime and passes the other fields', () => {
    expect(toAuditFilter({ ...EMPTY_FILTER, range: '24h', principal: ' arn:aws:iam::123456789012:user/alice ', action: 'iam:CreateUser', decision: 'denied' }, now)).toEqual({
      StartTime: '2026-01-30T12:00:00.000Z',
      PrincipalArn: 'arn:aws:iam::123456789012:user/alice',
      EventAction: 'iam:CreateUser',
      Decision: 'denied',
    });
  });

  it('checks a custom range and the action and principal shapes', () => {
    expect(validateAuditFilter({ ...EMPTY_FILTER, range: 'custom', start: 'yesterday' }).start).toBeDefined();
    expect(validateAuditFilter({ ...EMPTY_FILTER, range: 'custom', start: '2026-01-31T14:00:00Z', end: '2026-01-31T13:00:00Z' }).end).toMatch(/before the start/);
    expect(validateAuditFilter({ ...EMPTY_FILTER, action: 'CreateUser', principal: 'alice' })).toEqual({
      action: 'Enter service:Action, such as iam:CreateUser.',
      principal: 'Enter the principal ARN, such as arn:aws:iam::123456789012:user/alice.',
    });
  });
});
