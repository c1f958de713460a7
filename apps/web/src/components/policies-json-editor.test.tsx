import { render, screen, waitFor } from '@testing-library/react';
import { validatePolicy, type Finding } from '@portcullis/policy';
import { describe, expect, it } from 'vitest';
import { countFindings, findingsToDiagnostics, hasErrors, PoliciesJsonEditor, PolicyFindingsList } from './policies-json-editor.tsx';

const broken = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allowed', Action: 's3:GetObject', Resource: '*' }] }, null, 2);

const finding = (findingType: Finding['findingType'], span?: [number, number]): Finding => ({
  findingType,
  issueCode: 'CODE',
  findingDetails: `a ${findingType}`,
  locations: [span ? { path: [], span: { start: { line: 1, column: 1, offset: span[0] }, end: { line: 1, column: 1, offset: span[1] } } } : { path: [] }],
});

describe('findingsToDiagnostics', () => {
  it('underlines exactly the span the engine reports, with the error severity', () => {
    const { findings } = validatePolicy(broken, { policyType: 'IDENTITY_POLICY' });
    const [diagnostic] = findingsToDiagnostics(findings, broken.length);
    expect(diagnostic).toMatchObject({ severity: 'error', source: 'INVALID_EFFECT' });
    expect(broken.slice(diagnostic!.from, diagnostic!.to)).toBe('"Allowed"');
  });

  it('maps each finding type to a CodeMirror severity', () => {
    const diagnostics = findingsToDiagnostics([finding('ERROR', [0, 2]), finding('SECURITY_WARNING', [0, 2]), finding('WARNING', [0, 2]), finding('SUGGESTION', [0, 2])], 10);
    expect(diagnostics.map((d) => d.severity)).toEqual(['error', 'warning', 'warning', 'info']);
  });

  it('marks the first character when a finding has no span, and widens empty spans', () => {
    expect(findingsToDiagnostics([finding('ERROR')], 10)[0]).toMatchObject({ from: 0, to: 1 });
    expect(findingsToDiagnostics([finding('ERROR', [4, 4])], 10)[0]).toMatchObject({ from: 4, to: 5 });
    expect(findingsToDiagnostics([finding('ERROR', [10, 10])], 10)[0]).toMatchObject({ from: 9, to: 10 });
  });

  it('keeps spans inside the document', () => {
    expect(findingsToDiagnostics([finding('WARNING', [5, 99])], 8)[0]).toMatchObject({ from: 5, to: 8 });
  });
});

describe('countFindings / hasErrors', () => {
  it('counts per Access Analyzer group', () => {
    const findings = [finding('ERROR'), finding('ERROR'), finding('SUGGESTION')];
    expect(countFindings(findings)).toEqual({ ERROR: 2, SECURITY_WARNING: 0, WARNING: 0, SUGGESTION: 1 });
    expect(hasErrors(findings)).toBe(true);
    expect(hasErrors([finding('WARNING')])).toBe(false);
  });
});

describe('PolicyFindingsList', () => {
  it('shows the counts and each finding at its line and column', () => {
    const { findings } = validatePolicy(broken, { policyType: 'IDENTITY_POLICY' });
    render(<PolicyFindingsList findings={findings} />);
    expect(screen.getByText('Errors: 1')).toBeTruthy();
    expect(screen.getByText('Security: 0')).toBeTruthy();
    expect(screen.getByText('Ln 5, Col 17')).toBeTruthy();
    expect(screen.getByText('Effect must be "Allow" or "Deny", not "Allowed".')).toBeTruthy();
  });

  it('says so when the policy has no findings', () => {
    render(<PolicyFindingsList findings={[]} />);
    expect(screen.getByText('No findings. The policy is valid.')).toBeTruthy();
  });
});

describe('PoliciesJsonEditor', () => {
  it('validates the text live with the requested policy type and reports the findings', async () => {
    const seen: Finding[][] = [];
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] });
    const { rerender } = render(<PoliciesJsonEditor value={broken} policyType="IDENTITY_POLICY" ariaLabel="Policy editor" onFindings={(f) => seen.push(f)} />);
    expect(screen.getByText('Errors: 1')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Policy editor' })).toBeTruthy();
    await waitFor(() => expect(seen.at(-1)?.[0]?.issueCode).toBe('INVALID_EFFECT'));

    rerender(<PoliciesJsonEditor value={trust} policyType="TRUST_POLICY" ariaLabel="Policy editor" onFindings={(f) => seen.push(f)} />);
    // A trust policy without a Principal is an error for TRUST_POLICY.
    await waitFor(() => expect(hasErrors(seen.at(-1) ?? [])).toBe(true));
  });

  it('shows no findings list when read-only', () => {
    render(<PoliciesJsonEditor value={broken} readOnly policyType="IDENTITY_POLICY" ariaLabel="Policy document" />);
    expect(screen.queryByRole('region', { name: 'Policy validation' })).toBeNull();
  });
});
