import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch, type RecordedCall, type StubResponse } from '../../test/render.tsx';
import { AddUsersPage } from './add-users-page.tsx';

const noPolicy: StubResponse = { status: 404, body: { error: { code: 'NoSuchEntity', message: 'The Password Policy with domain name 123456789012 cannot be found.', requestId: 'r1' } } };

function renderWizard(extra: Record<string, StubResponse | ((call: RecordedCall) => StubResponse)> = {}) {
  const stub = stubFetch({
    'GET /api/session': { status: 200, body: { principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' } },
    'POST /api/iam/GetAccountPasswordPolicy': noPolicy,
    'POST /api/iam/ListGroups': { status: 200, body: { Groups: [], IsTruncated: false } },
    'POST /api/iam/CreateUser': (call) => ({ status: 200, body: { User: { UserName: (call.body as { UserName: string }).UserName } } }),
    'POST /api/iam/CreateAccessKey': { status: 200, body: { AccessKey: { AccessKeyId: 'AKIAEXAMPLEEXAMPLE01', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', Status: 'Active' } } },
    ...extra,
  });
  const view = renderRoute(<AddUsersPage />, { path: '/users/create' });
  return { ...stub, ...view, user: userEvent.setup() };
}

const next = () => screen.getByRole('button', { name: 'Next' });
const iamCalls = (calls: RecordedCall[], action: string) => calls.filter((c) => c.path === `/api/iam/${action}`);

afterEach(() => {
  vi.unstubAllGlobals();
});

// Cloudscape's wizard is heavy in jsdom: a step can take seconds on a loaded machine.
describe('AddUsersPage', { timeout: 30_000 }, () => {
  it('stays on the first step and names what is missing', async () => {
    const { user } = renderWizard();
    await screen.findByRole('heading', { name: 'Set user details', level: 1 });
    await user.click(next());
    expect(screen.getByText('Enter a user name.')).toBeTruthy();
    expect(screen.getByText('Select at least one AWS access type.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Set user details', level: 1 })).toBeTruthy();
  });

  it('refuses the same name twice in one batch, whatever the case', async () => {
    const { user } = renderWizard();
    await user.type(await screen.findByLabelText('User name'), 'dev');
    await user.click(screen.getByRole('button', { name: 'Add another user' }));
    await user.type(screen.getByLabelText('User name 2'), 'DEV');
    await user.click(screen.getByRole('checkbox', { name: /Access key - Programmatic access/ }));
    await user.click(next());
    expect(screen.getByText(/already in the list/)).toBeTruthy();
  });

  it('offers at most 10 user names', async () => {
    const { user } = renderWizard();
    const add = await screen.findByRole('button', { name: 'Add another user' });
    for (let i = 0; i < 9; i++) await user.click(add);
    expect(screen.getByLabelText('User name 10')).toBeTruthy();
    expect((add as HTMLButtonElement).disabled || add.getAttribute('aria-disabled') === 'true').toBe(true);
    expect(screen.getByText('You can add up to 10 users at a time.')).toBeTruthy();
  });

  it("checks a custom password against AWS's default policy when the account has none", async () => {
    const { user } = renderWizard();
    await user.type(await screen.findByLabelText('User name'), 'alice');
    await user.click(screen.getByRole('checkbox', { name: /Password - AWS Management Console access/ }));
    await user.click(screen.getByRole('radio', { name: /Custom password/ }));
    await user.type(screen.getByLabelText('Enter custom password'), 'short1A');
    await user.click(next());
    expect(screen.getByText('The password must be at least 8 characters long.')).toBeTruthy();
  });

  it('creates the user with an access key and shows the key on the success page', async () => {
    const { user, calls } = renderWizard();
    await user.type(await screen.findByLabelText('User name'), 'alice');
    await user.click(screen.getByRole('checkbox', { name: /Access key - Programmatic access/ }));
    await user.click(next());
    await screen.findByRole('heading', { name: 'Set permissions', level: 1 });
    await user.click(next());
    await screen.findByRole('heading', { name: 'Add tags (optional)', level: 1 });
    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    await user.type(screen.getByLabelText('Tag key 1'), 'team');
    await user.click(next());
    await screen.findByRole('heading', { name: 'Review', level: 1 });
    await user.click(screen.getByRole('button', { name: 'Create user' }));

    expect(await screen.findByText('Success')).toBeTruthy();
    expect(screen.getByText('AKIAEXAMPLEEXAMPLE01')).toBeTruthy();
    expect(screen.queryByText('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show secret access key for alice' }));
    expect(screen.getByText('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBeTruthy();
    expect(iamCalls(calls, 'CreateUser')[0]!.body).toEqual({ UserName: 'alice', Tags: [{ Key: 'team', Value: '' }] });
    expect(iamCalls(calls, 'CreateLoginProfile')).toHaveLength(0);
  });

  it("shows the server's message per user when creation is refused", async () => {
    const { user } = renderWizard({
      'POST /api/iam/CreateUser': {
        status: 403,
        body: { error: { code: 'AccessDenied', message: 'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::123456789012:user/alice', requestId: 'req-9' } },
      },
    });
    await user.type(await screen.findByLabelText('User name'), 'alice');
    await user.click(screen.getByRole('checkbox', { name: /Access key - Programmatic access/ }));
    await user.click(next());
    await user.click(next());
    await user.click(next());
    await user.click(await screen.findByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('The users were not created')).toBeTruthy();
    expect(screen.getByText(/not authorized to perform: iam:CreateUser/)).toBeTruthy();
    expect(screen.getByText('Request ID: req-9')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('Success')).toBeNull());
  });
});
