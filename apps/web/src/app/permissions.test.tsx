import type { SideNavigationProps } from '@cloudscape-design/components/side-navigation';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import type { RouteObject } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../test/render.tsx';
import { sessionQuery, type Session } from '../api/queries/session.ts';
import { buttonActions, permittedNavigationItems, sections, sideNavigationItems } from './navigation.ts';
import { askedActions, MAX_ASKED_ACTIONS, routeActions, useConsolePermissions, usePermitted, type ConsolePermissionResult } from './permissions.ts';
import { routes, type RouteHandle } from './router.tsx';

/** Every route of the tree that renders a page (a path or an index, no children of its own). */
function pageRoutes(table: readonly RouteObject[]): RouteObject[] {
  return table.flatMap((route) => (route.children?.length ? pageRoutes(route.children) : route.path !== undefined || route.index ? [route] : []));
}

/** The link texts of a side navigation, groups' links included. */
function linkTexts(items: readonly SideNavigationProps.Item[]): string[] {
  return items.flatMap((item) => (item.type === 'link' ? [item.text] : 'items' in item ? linkTexts(item.items) : []));
}

const READ_ONLY: Record<string, ConsolePermissionResult['EvalDecision']> = Object.fromEntries(
  askedActions().map((action) => [action, /^iam:(Get|List)/.test(action) ? 'allowed' : 'implicitDeny']),
);

describe('the route table', () => {
  it('declares the IAM action of every console page', () => {
    // Pages anyone may see: setting up, signing in, and the not-found page.
    const open = new Set(['setup', 'signin', '*']);
    const pages = pageRoutes(routes);
    expect(pages.length).toBeGreaterThan(20);
    for (const route of pages) {
      const handle = route.handle as RouteHandle | undefined;
      const name = route.index ? '(index)' : route.path!;
      expect(handle?.title, name).toBeTruthy();
      if (open.has(name)) continue;
      expect(handle?.iamAction, name).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    }
  });

  it('is what the one permissions request asks about, with every section and button', () => {
    const asked = askedActions();
    expect(asked.length).toBeLessThanOrEqual(MAX_ASKED_ACTIONS);
    expect(new Set(asked).size).toBe(asked.length);
    for (const action of [...routeActions(routes), ...Object.values(sections).map((s) => s.iamAction), ...Object.values(buttonActions)]) {
      expect(asked).toContain(action);
    }
  });
});

describe('permittedNavigationItems', () => {
  it('keeps everything the caller may open', () => {
    expect(permittedNavigationItems(() => true)).toEqual(sideNavigationItems);
  });

  it('hides the sections the caller may not open, and the groups and dividers left empty', () => {
    const items = permittedNavigationItems((action) => READ_ONLY[action] === 'allowed');
    const texts = linkTexts(items);
    expect(texts).toEqual(expect.arrayContaining(['Dashboard', 'Users', 'User groups', 'Roles', 'Policies', 'Credential report']));
    expect(texts).not.toContain('Audit history');
    expect(texts).not.toContain('Policy simulator');
    expect(texts).not.toContain('AMIs');
    expect(items.map((item) => ('text' in item ? item.text : item.type))).not.toContain('EC2 sharing');
    expect(items.map((item) => ('text' in item ? item.text : item.type))).not.toContain('AWS Organizations');
    // The divider stood before the Policy simulator, now gone.
    expect(items.at(-1)?.type).not.toBe('divider');
  });

  it('always shows the Dashboard, the console’s home, and the caller’s own security credentials', () => {
    expect(linkTexts(permittedNavigationItems(() => false))).toEqual(['Dashboard', 'My security credentials']);
    expect(linkTexts(permittedNavigationItems(() => false, undefined, { roleSession: true }))).toEqual(['Dashboard']);
  });
});

const userSession: Session = { principal: { arn: 'arn:aws:iam::123456789012:user/reader', accountId: '123456789012', userName: 'reader', type: 'user' }, csrfToken: 't' };
const rootSession: Session = { principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' };

function Probe() {
  const permissions = useConsolePermissions();
  const create = usePermitted(buttonActions.createUser);
  return (
    <div>
      <ul aria-label="nav">
        {linkTexts(permittedNavigationItems(permissions.allowed)).map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ul>
      <button disabled={!create.allowed} title={create.reason}>
        Add users
      </button>
      <p>{permissions.known ? 'known' : 'unknown'}</p>
    </div>
  );
}

function renderProbes(session: Session, copies = 1) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(sessionQuery.queryKey, session);
  render(
    <QueryClientProvider client={queryClient}>
      {Array.from({ length: copies }, (_, i) => (
        <Probe key={i} />
      ))}
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('useConsolePermissions', () => {
  it('asks once for every action, shows all until answered, then hides what is refused', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const { calls, fetchMock } = stubFetch({
      'POST /api/console/GetConsolePermissions': (call) => ({
        status: 200,
        body: { EvaluationResults: (call.body as { ActionNames: string[] }).ActionNames.map((a) => ({ EvalActionName: a, EvalResourceName: '*', EvalDecision: READ_ONLY[a] ?? 'implicitDeny' })) },
      }),
    });
    // Hold the answer back to see the loading state.
    const stubbed = fetchMock.getMockImplementation()!;
    fetchMock.mockImplementation(async (...args) => {
      await answered;
      return stubbed(...args);
    });
    renderProbes(userSession, 3);
    expect(screen.getAllByText('Audit history')).toHaveLength(3);
    expect(screen.getAllByRole('button', { name: 'Add users' }).every((b) => !(b as HTMLButtonElement).disabled)).toBe(true);
    answer();
    await waitFor(() => expect(screen.queryAllByText('Audit history')).toHaveLength(0));
    expect(screen.getAllByText('Users')).toHaveLength(3);
    const buttons = screen.getAllByRole('button', { name: 'Add users' });
    expect(buttons.every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(buttons[0]!.getAttribute('title')).toBe('Your permissions do not allow iam:CreateUser.');
    expect(calls).toHaveLength(1);
    expect((calls[0]!.body as { ActionNames: string[] }).ActionNames).toEqual(askedActions());
  });

  it('names an explicit deny as the reason', async () => {
    stubFetch({
      'POST /api/console/GetConsolePermissions': { status: 200, body: { EvaluationResults: [{ EvalActionName: 'iam:CreateUser', EvalResourceName: 'arn:aws:iam::123456789012:user/*', EvalDecision: 'explicitDeny' }] } },
    });
    renderProbes(userSession);
    await waitFor(() => expect((screen.getByRole('button', { name: 'Add users' }) as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByRole('button', { name: 'Add users' }).getAttribute('title')).toContain('explicit deny');
    // Actions it did not answer about stay shown.
    expect(screen.getByText('Audit history')).toBeTruthy();
  });

  it('keeps everything shown when the permissions cannot be had', async () => {
    const { calls } = stubFetch({ 'POST /api/console/GetConsolePermissions': { status: 500, body: { error: { code: 'InternalFailure', message: 'x' } } } });
    renderProbes(userSession);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(screen.getByText('Audit history')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Add users' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('asks nothing for the root user, who may do anything', async () => {
    const { calls } = stubFetch({});
    renderProbes(rootSession);
    expect(screen.getByText('known')).toBeTruthy();
    expect(screen.getByText('Audit history')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Add users' }) as HTMLButtonElement).disabled).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toHaveLength(0);
  });
});
