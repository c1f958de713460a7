import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../test/render.tsx';
import { InlinePolicyEditorModal, inlinePolicyNameError, InlinePolicyPanel } from './inline-policy-panel.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const valid = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] }, null, 2);
const noResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets' }] }, null, 2);

describe('inlinePolicyNameError', () => {
  it('holds to the IAM name rule', () => {
    expect(inlinePolicyNameError('')).toBe('Enter a policy name.');
    expect(inlinePolicyNameError('a b')).toBe('Use alphanumeric and +=,.@-_ characters only.');
    expect(inlinePolicyNameError('x'.repeat(129))).toBe('The policy name can have at most 128 characters.');
    expect(inlinePolicyNameError('Read+Write=ok,.@-_')).toBeUndefined();
  });
});

describe('InlinePolicyEditorModal', { timeout: 30_000 }, () => {
  it('shows the findings live and does not save a policy with errors', async () => {
    const onSave = vi.fn(() => Promise.resolve());
    renderRoute(<InlinePolicyEditorModal kind="User" entityName="alice" initialDocument={noResource} onSave={onSave} onClose={() => undefined} />);
    const user = userEvent.setup();
    const findings = screen.getByRole('region', { name: 'Policy validation' });
    expect(within(findings).getByText(/^Errors: [1-9]/)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Policy document' })).toBeTruthy();
    await user.type(screen.getByLabelText('Policy name'), 'ListBuckets');
    await user.click(screen.getByRole('button', { name: 'Create policy' }));
    expect(screen.getByText('Resolve the errors in the policy to save it')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('saves a valid policy under its name and closes', async () => {
    const onSave = vi.fn(() => Promise.resolve());
    const onClose = vi.fn();
    renderRoute(<InlinePolicyEditorModal kind="Group" entityName="devs" initialDocument={valid} onSave={onSave} onClose={onClose} />);
    const user = userEvent.setup();
    expect(within(screen.getByRole('region', { name: 'Policy validation' })).getByText('Errors: 0')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Create policy' }));
    expect(screen.getByText('Enter a policy name.')).toBeTruthy();
    await user.type(screen.getByLabelText('Policy name'), 'ListBuckets');
    await user.click(screen.getByRole('button', { name: 'Create policy' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onSave).toHaveBeenCalledWith('ListBuckets', valid);
  });

  it('applies the kind’s size limit: a user’s 2,048 characters', async () => {
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: 120 }, (_v, i) => `arn:aws:s3:::bucket-${i}/*`) }] });
    renderRoute(<InlinePolicyEditorModal kind="User" entityName="alice" initialDocument={big} onSave={() => Promise.resolve()} onClose={() => undefined} />);
    expect(within(screen.getByRole('region', { name: 'Policy validation' })).getByText(/^Errors: [1-9]/)).toBeTruthy();
  });
});

describe('InlinePolicyPanel', { timeout: 30_000 }, () => {
  it("lists a role's inline policies and edits one with its saved document", async () => {
    const { calls } = stubFetch({
      'POST /api/iam/ListRolePolicies': { status: 200, body: { PolicyNames: ['Revoke'], IsTruncated: false } },
      'POST /api/iam/GetRolePolicy': { status: 200, body: { RoleName: 'r', PolicyName: 'Revoke', PolicyDocument: encodeURIComponent(valid) } },
      'POST /api/iam/PutRolePolicy': { status: 200, body: {} },
    });
    renderRoute(<InlinePolicyPanel kind="Role" name="r" />);
    const user = userEvent.setup();
    const table = await screen.findByRole('table', { name: 'Inline policies' });
    await user.click(await within(table).findByRole('radio', { name: 'Revoke' }));
    await user.click(screen.getByRole('button', { name: 'Edit inline policy' }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: 'Policy document' }).textContent).toContain('s3:ListAllMyBuckets'));
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/PutRolePolicy'))).toBe(true));
    const put = calls.find((c) => c.path.endsWith('/PutRolePolicy'))!;
    expect(put.body).toMatchObject({ RoleName: 'r', PolicyName: 'Revoke' });
    expect(calls.find((c) => c.path.endsWith('/ListRolePolicies'))!.body).toMatchObject({ RoleName: 'r' });
  });
});
