import { describe, expect, it } from 'vitest';
import { formatDateTime } from './date-format.ts';

describe('formatDateTime', () => {
  it.each([
    // [input, options, expected]
    ['2026-12-04T15:24:09Z', { timeZone: 'UTC' }, 'December 4, 2026, 15:24 (UTC)'],
    ['2026-12-04T15:24:09Z', { timeZone: 'UTC', seconds: true }, 'December 4, 2026, 15:24:09 (UTC)'],
    // The offset of the zone shown in, as the AWS console writes it.
    ['2026-12-04T15:24:09Z', { timeZone: 'Europe/Berlin' }, 'December 4, 2026, 16:24 (UTC+01:00)'],
    ['2026-07-01T00:05:00Z', { timeZone: 'America/New_York' }, 'June 30, 2026, 20:05 (UTC-04:00)'],
    // Midnight is 00, not 24.
    ['2026-01-02T00:00:00Z', { timeZone: 'UTC' }, 'January 2, 2026, 00:00 (UTC)'],
  ] as const)('%s %o → %s', (input, options, expected) => {
    expect(formatDateTime(input, options)).toBe(expected);
  });

  it('accepts epoch milliseconds and Date objects', () => {
    const ms = Date.UTC(2026, 11, 4, 15, 24);
    expect(formatDateTime(ms, { timeZone: 'UTC' })).toBe('December 4, 2026, 15:24 (UTC)');
    expect(formatDateTime(new Date(ms), { timeZone: 'UTC' })).toBe('December 4, 2026, 15:24 (UTC)');
  });

  it('shows "-" for no date and leaves an unparsable string as it is', () => {
    expect(formatDateTime(undefined)).toBe('-');
    expect(formatDateTime(null)).toBe('-');
    expect(formatDateTime('')).toBe('-');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});
