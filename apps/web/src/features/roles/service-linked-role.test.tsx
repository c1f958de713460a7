import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { RoleDetailPage } from './role-detail-page.tsx';
import { linkedServiceOf } from './service-linked-role.tsx';

const ok = (body: unknown = {}) => ({ status: 200, body });

beforeAll(() => {
  const empty = { length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] } as unknown as DOMRectList;
  Range.prototype.getClientRects = () => empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

afterEach(() => vi.unstubAllGlobals());

function renderRole(name: string, path: string) {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const stub = stubFetch({
    'GET /api/session': ok({ principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' }),
    'POST /api/iam/GetRole': ok({
      Role: { RoleName: name, Path: path, RoleId: 'AROA1', Arn: `arn:aws:iam::123456789012:role${path}${name}`, CreateDate: '2026-01-01T00:00:00Z', AssumeRolePolicyDocument: trust, MaxSessionDuration: 3600, Description: 'Old', RoleLastUsed: {} },
    }),
    'POST /api/iam/ListAttachedRolePolicies': ok({ AttachedPolicies: [{ PolicyName: 'AmazonECSServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy' }], IsTruncated: false }),
    'POST /api/iam/ListRolePolicies': ok({ PolicyNames: [], IsTruncated: false }),
    'POST /api/iam/UpdateRole': ok(),
    'POST /api/iam/DeleteServiceLinkedRole': ok({ DeletionTaskId: `task/aws-service-role/ecs.amazonaws.com/${name}/0f2c1a44-8a8b-4f3e-9e39-3c4d2e1f0a11` }),
  });
  const view = renderRoute(<RoleDetailPage />, { path: '/roles/details/:name', url: `/roles/details/${name}` });
  return { ...stub, ...view, user: userEvent.setup({ delay: null }) };
}

describe('linkedServiceOf', () => {
  it.each([
    ['/aws-service-role/ecs.amazonaws.com/', 'ecs.amazonaws.com'],
    ['/aws-service-role/', undefined],
    ['/service-role/', undefined],
    ['/', undefined],
  ])('%s → %s', (path, service) => expect(linkedServiceOf({ Path: path })).toBe(service));
});

describe('a service-linked role on the role detail page', () => {
  it('shows AWS\'s notice, offers no change but the description, and saves the description', async () => {
    const { user, calls } = renderRole('AWSServiceRoleForECS', '/aws-service-role/ecs.amazonaws.com/');
    expect(await screen.findByText('This is a service-linked role')).toBeTruthy();
    expect(screen.getAllByText(/Its trust policy and permissions are only modifiable by AWS/)).toHaveLength(1);
    await screen.findByText('AmazonECSServiceRolePolicy');
    expect(screen.queryByRole('button', { name: 'Add permissions' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create inline policy' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Set permissions boundary' })).toBeNull();
    await user.click(screen.getByRole('tab', { name: 'Trust relationships' }));
    expect(screen.queryByRole('button', { name: 'Edit trust policy' })).toBeNull();
    expect(screen.getByRole('tab', { name: 'Access Advisor' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const description = await screen.findByRole('textbox', { name: 'Description' });
    await user.clear(description);
    await user.type(description, 'New text');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls.find((c) => c.path === '/api/iam/UpdateRole')?.body).toEqual({ RoleName: 'AWSServiceRoleForECS', Description: 'New text' }));
  }, 30_000);

  it('Delete submits the deletion to the service (DeleteServiceLinkedRole), as AWS\'s console does', async () => {
    const { user, calls } = renderRole('AWSServiceRoleForECS', '/aws-service-role/ecs.amazonaws.com/');
    await screen.findByText('This is a service-linked role');
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText(/IAM submits its deletion to the service/)).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Role name to confirm deletion' }), 'AWSServiceRoleForECS');
    await user.click(screen.getAllByRole('button', { name: 'Delete' }).at(-1)!);
    await waitFor(() => expect(calls.find((c) => c.path === '/api/iam/DeleteServiceLinkedRole')?.body).toEqual({ RoleName: 'AWSServiceRoleForECS' }));
    expect(calls.some((c) => c.path === '/api/iam/DeleteRole')).toBe(false);
  }, 30_000);

  it('an ordinary role keeps its controls and no notice', async () => {
    renderRole('web', '/');
    expect(await screen.findByRole('button', { name: 'Add permissions' })).toBeTruthy();
    expect(screen.queryByText('This is a service-linked role')).toBeNull();
    expect(screen.getByRole('button', { name: 'Delete' }).getAttribute('aria-disabled')).not.toBe('true');
  }, 30_000);
});
