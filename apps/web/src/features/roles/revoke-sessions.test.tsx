import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { revokeOlderSessionsPolicy } from '../../api/queries/roles.ts';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { RoleDetailPage } from './role-detail-page.tsx';

const ok = (body: unknown = {}) => ({ status: 200, body });

beforeAll(() => {
  const empty = { length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] } as unknown as DOMRectList;
  Range.prototype.getClientRects = () => empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

afterEach(() => vi.unstubAllGlobals());

function renderRole(name: string, path: string, putRolePolicy = ok()) {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] });
  const stub = stubFetch({
    'GET /api/session': ok({ principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' }),
    'POST /api/iam/GetRole': ok({
      Role: { RoleName: name, Path: path, RoleId: 'AROA1', Arn: `arn:aws:iam::123456789012:role${path}${name}`, CreateDate: '2026-01-01T00:00:00Z', AssumeRolePolicyDocument: trust, MaxSessionDuration: 3600, RoleLastUsed: {} },
    }),
    'POST /api/iam/ListAttachedRolePolicies': ok({ AttachedPolicies: [], IsTruncated: false }),
    'POST /api/iam/ListRolePolicies': ok({ PolicyNames: [], IsTruncated: false }),
    'POST /api/iam/PutRolePolicy': putRolePolicy,
  });
  const view = renderRoute(<RoleDetailPage />, { path: '/roles/details/:name', url: `/roles/details/${name}` });
  return { ...stub, ...view, user: userEvent.setup({ delay: null }) };
}

describe('revokeOlderSessionsPolicy', () => {
  it('is the document AWS attaches: deny everything to sessions issued before the moment', () => {
    expect(JSON.parse(revokeOlderSessionsPolicy(new Date('2026-03-04T05:06:07.089Z')))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-03-04T05:06:07.089Z' } } }],
    });
  });
});

describe('the role\'s Revoke sessions tab', () => {
  it('asks for the acknowledgement, then puts AWSRevokeOlderSessions dated now and says so', async () => {
    const { user, calls } = renderRole('web', '/');
    await user.click(await screen.findByRole('tab', { name: 'Revoke sessions' }));
    await user.click(screen.getByRole('button', { name: 'Revoke active sessions' }));
    const dialog = await screen.findByRole('dialog');
    const buttons = () => screen.getAllByRole('button', { name: 'Revoke active sessions' });
    const confirm = () => buttons().at(-1)!;
    expect(dialog.textContent).toContain('AWSRevokeOlderSessions');
    expect(confirm().getAttribute('disabled')).not.toBeNull();

    const before = Date.now();
    await user.click(screen.getByRole('checkbox', { name: 'I acknowledge that I am revoking all active sessions for this role.' }));
    await user.click(confirm());
    expect(await screen.findByText('Active sessions for role web revoked.')).toBeTruthy();

    const put = calls.find((c) => c.path === '/api/iam/PutRolePolicy')?.body as { RoleName: string; PolicyName: string; PolicyDocument: string };
    expect(put).toMatchObject({ RoleName: 'web', PolicyName: 'AWSRevokeOlderSessions' });
    const statement = (JSON.parse(put.PolicyDocument) as { Statement: { Effect: string; Condition: { DateLessThan: Record<string, string> } }[] }).Statement[0]!;
    expect(statement.Effect).toBe('Deny');
    const issuedBefore = Date.parse(statement.Condition.DateLessThan['aws:TokenIssueTime']!);
    expect(issuedBefore).toBeGreaterThanOrEqual(before);
    expect(issuedBefore).toBeLessThanOrEqual(Date.now());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  }, 30_000);

  it('shows the error and keeps the dialog open when IAM refuses', async () => {
    const { user } = renderRole('web', '/', { status: 403, body: { error: { code: 'AccessDenied', message: 'User: x is not authorized to perform: iam:PutRolePolicy', requestId: 'r' } } });
    await user.click(await screen.findByRole('tab', { name: 'Revoke sessions' }));
    await user.click(screen.getByRole('button', { name: 'Revoke active sessions' }));
    await user.click(await screen.findByRole('checkbox', { name: /I acknowledge/ }));
    await user.click(screen.getAllByRole('button', { name: 'Revoke active sessions' }).at(-1)!);
    expect(await screen.findByText('The sessions could not be revoked')).toBeTruthy();
    expect(screen.getByText(/not authorized to perform: iam:PutRolePolicy/)).toBeTruthy();
    expect(screen.queryByText('Active sessions for role web revoked.')).toBeNull();
  }, 30_000);

  it('offers nothing to revoke on a service-linked role', async () => {
    const { user } = renderRole('AWSServiceRoleForECS', '/aws-service-role/ecs.amazonaws.com/');
    await user.click(await screen.findByRole('tab', { name: 'Revoke sessions' }));
    expect(screen.getByText('You cannot revoke the sessions of a service-linked role.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Revoke active sessions' }).getAttribute('disabled')).not.toBeNull();
  }, 30_000);
});
