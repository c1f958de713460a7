import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch, type RecordedCall } from '../../test/render.tsx';
import { readPreferences } from '../../components/server-collection.tsx';
import { UsersListPage } from './users-list-page.tsx';

const row = (name: string) => ({
  UserName: name,
  UserId: `AIDA${name.toUpperCase()}`,
  Arn: `arn:aws:iam::123456789012:user/${name}`,
  Path: '/',
  CreateDate: '2026-01-01T00:00:00Z',
  GroupNames: name === 'alice' ? ['Admins', 'Developers'] : [],
  ActiveAccessKeys: [],
  MfaDeviceTypes: name === 'alice' ? ['Virtual'] : [],
});

/** Answers the ListUsers view with 95 users in all, `PageSize` rows of the page asked for. */
function stubUsers() {
  return stubFetch({
    'POST /api/console/ListUsers': (call: RecordedCall) => {
      const body = call.body as { Page: number; PageSize: number; Search?: string };
      const names = body.Search ? ['alice'] : Array.from({ length: body.PageSize }, (_, i) => (i === 0 && body.Page === 1 ? 'alice' : `user-${body.Page}-${i}`));
      return { status: 200, body: { Users: names.map(row), TotalCount: body.Search ? 1 : 95 } };
    },
  });
}

describe('UsersListPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('shows a page with its columns and the total from one request', async () => {
    const { calls } = stubUsers();
    renderRoute(<UsersListPage />, { path: '/users' });
    expect(await screen.findByRole('link', { name: 'alice' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Users \(95\)/ })).toBeTruthy();
    expect(screen.getByText('Virtual')).toBeTruthy();
    expect(screen.getByTitle('Admins, Developers').textContent).toBe('2');
    expect(calls.map((c) => c.path)).toEqual(['/api/console/ListUsers']);
    expect(calls[0]!.body).toEqual({ SortBy: 'UserName', SortOrder: 'ascending', Page: 1, PageSize: 25 });
  });

  it('opens the page, search and sort the URL names, and puts a page change in the URL', async () => {
    const { calls } = stubUsers();
    const { router } = renderRoute(<UsersListPage />, { path: '/users', url: '/users?page=3&sort=Groups&order=descending' });
    expect(await screen.findByRole('link', { name: 'user-3-0' })).toBeTruthy();
    expect(calls[0]!.body).toEqual({ SortBy: 'Groups', SortOrder: 'descending', Page: 3, PageSize: 25 });
    await userEvent.click(screen.getByRole('button', { name: 'Page 4' }));
    await waitFor(() => expect(router.state.location.search).toBe('?page=4&sort=Groups&order=descending'));
    expect(await screen.findByRole('link', { name: 'user-4-0' })).toBeTruthy();
  });

  it('searches the whole account on the server', async () => {
    const { calls } = stubUsers();
    const { router } = renderRoute(<UsersListPage />, { path: '/users', url: '/users?page=2' });
    await screen.findByRole('link', { name: 'user-2-0' });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find users by name' }), 'ali');
    await waitFor(() => expect(router.state.location.search).toBe('?search=ali'));
    await waitFor(() => expect(calls.at(-1)!.body).toEqual({ Search: 'ali', SortBy: 'UserName', SortOrder: 'ascending', Page: 1, PageSize: 25 }));
    expect(await screen.findByRole('heading', { name: /Users \(1\)/ })).toBeTruthy();
  });

  it('takes its page size from the preferences stored in this browser', async () => {
    localStorage.setItem('portcullis:preferences:users', JSON.stringify({ pageSize: 100, contentDisplay: [] }));
    const { calls } = stubUsers();
    renderRoute(<UsersListPage />, { path: '/users' });
    await screen.findByRole('link', { name: 'alice' });
    expect(calls[0]!.body).toMatchObject({ PageSize: 100 });
  });
});

describe('readPreferences', () => {
  const columns = [{ id: 'name' }, { id: 'path' }, { id: 'arn', hiddenByDefault: true }];
  it('defaults, keeps stored choices, drops unknown columns and adds new ones', () => {
    expect(readPreferences(null, columns, 25)).toEqual({ pageSize: 25, contentDisplay: [{ id: 'name', visible: true }, { id: 'path', visible: true }, { id: 'arn', visible: false }] });
    const stored = JSON.stringify({ pageSize: 50, contentDisplay: [{ id: 'path', visible: false }, { id: 'gone', visible: true }, { id: 'name', visible: true }] });
    expect(readPreferences(stored, columns, 25)).toEqual({ pageSize: 50, contentDisplay: [{ id: 'path', visible: false }, { id: 'name', visible: true }, { id: 'arn', visible: false }] });
    expect(readPreferences(JSON.stringify({ pageSize: 7 }), columns, 25).pageSize).toBe(25);
    expect(readPreferences('not json', columns, 25).pageSize).toBe(25);
  });
});
