import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch, type RecordedCall } from '../../test/render.tsx';
import { CreateRolePage } from './create-role-page.tsx';

beforeAll(() => {
  const empty = { length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] } as unknown as DOMRectList;
  Range.prototype.getClientRects = () => empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function renderWizard() {
  const stub = stubFetch({
    'GET /api/session': { status: 200, body: { principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' } },
    'POST /api/iam/ListPolicies': { status: 200, body: { Policies: [], IsTruncated: false } },
    'POST /api/iam/CreateRole': (call) => ({ status: 200, body: { Role: { RoleName: (call.body as { RoleName: string }).RoleName, Arn: 'arn', RoleId: 'AROA1', Path: '/', CreateDate: '', AssumeRolePolicyDocument: '', MaxSessionDuration: 3600 } } }),
  });
  const view = renderRoute(<CreateRolePage />, { path: '/roles/create' });
  return { ...stub, ...view, user: userEvent.setup({ delay: null }) };
}

const createRole = (calls: RecordedCall[]) => calls.find((c) => c.path === '/api/iam/CreateRole');

describe('CreateRolePage', () => {
  it('"Require external ID" and "Require MFA" become trust policy conditions', async () => {
    const { user, calls, router } = renderWizard();
    await user.click(await screen.findByRole('checkbox', { name: /Require external ID/ }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('The external ID must have at least 2 characters.')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'External ID' }), 'partner-42');
    await user.click(screen.getByRole('checkbox', { name: /Require MFA/ }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    await user.type(await screen.findByRole('textbox', { name: 'Role name' }), 'partner-role');
    await user.click(screen.getByRole('button', { name: 'Create role' }));

    await waitFor(() => expect(createRole(calls)).toBeDefined());
    const body = createRole(calls)!.body as { RoleName: string; AssumeRolePolicyDocument: string; MaxSessionDuration: number };
    expect(body.RoleName).toBe('partner-role');
    expect(body.MaxSessionDuration).toBe(3600);
    expect(JSON.parse(body.AssumeRolePolicyDocument).Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'partner-42' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    // Back to the list, with a flash whose "View role" opens the new role.
    await waitFor(() => expect(router.state.location.pathname).toBe('/roles'));
    expect(router.state.location.state).toEqual({ createdFlash: { message: 'Role partner-role created.', href: '/roles/details/partner-role', viewLabel: 'View role' } });
  }, 30_000);

  it('checks the role name before creating', async () => {
    const { user, calls } = renderWizard();
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    await user.type(await screen.findByRole('textbox', { name: 'Role name' }), 'bad name');
    await user.click(screen.getByRole('button', { name: 'Create role' }));
    expect(screen.getByText('Use alphanumeric and "+=,.@-_" characters only.')).toBeTruthy();
    expect(createRole(calls)).toBeUndefined();
  }, 30_000);
});
