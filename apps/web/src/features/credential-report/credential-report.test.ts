import { describe, expect, it } from 'vitest';
import { decodeReport, reportFileName } from './credential-report.ts';

describe('credential report file', () => {
  it('decodes the base64 Content as UTF-8', () => {
    const csv = 'user,arn\n<root_account>,arn:aws:iam::123456789012:root\nzoë,arn:aws:iam::123456789012:user/zoë\n';
    const content = btoa(String.fromCharCode(...new TextEncoder().encode(csv)));
    expect(decodeReport(content)).toBe(csv);
  });

  it('names the file status_reports_<timestamp>.csv without colons', () => {
    expect(reportFileName('2026-01-31T12:34:56.789Z')).toBe('status_reports_2026-01-31T12_34_56Z.csv');
  });
});
