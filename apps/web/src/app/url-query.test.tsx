import { act, render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useUrlQuery, type UrlQueryChanges } from './url-query.ts';

/** A page whose every render hands its updater out, as a debounced callback would keep it. */
function renderPage(path: string) {
  const updaters: ((changes: UrlQueryChanges) => void)[] = [];
  function Page() {
    const [params, update] = useUrlQuery();
    updaters.push(update);
    return <p>query: {params.toString()}</p>;
  }
  const router = createMemoryRouter([{ path: '/list', element: <Page /> }, { path: '/other', element: <p>other</p> }], { initialEntries: [path] });
  render(<RouterProvider router={router} />);
  const query = () => new URLSearchParams(router.state.location.search);
  return { router, updaters, query };
}

describe('useUrlQuery', () => {
  it('keeps both of two changes made in one moment (a search cleared as a filter is chosen)', async () => {
    const { updaters, query } = renderPage('/list?search=scale-policy-123&page=2');
    const update = updaters.at(-1)!;
    await act(async () => {
      update({ search: undefined, page: undefined });
      update({ type: 'Local', page: undefined });
    });
    expect(query().toString()).toBe('type=Local');
  });

  it('builds on the latest query when called from an earlier render (a debounced callback)', async () => {
    const { updaters, query } = renderPage('/list?search=old');
    const first = updaters[0]!;
    await act(async () => updaters.at(-1)!({ type: 'Local' }));
    expect(query().toString()).toBe('search=old&type=Local');
    await act(async () => first({ search: '' }));
    expect(query().toString()).toBe('type=Local');
  });

  it('starts again from a query the page did not ask for (Back, a link), and replaces the history entry', async () => {
    const { router, updaters, query } = renderPage('/list?type=Local');
    await act(async () => updaters.at(-1)!({ search: 'dev' }));
    await act(async () => router.navigate('/list?sort=Path'));
    await act(async () => updaters.at(-1)!({ order: 'descending' }));
    expect(query().toString()).toBe('sort=Path&order=descending');
    await act(async () => router.navigate(-1));
    // The search change replaced the first entry; the sort link pushed one, which the order replaced.
    expect(query().toString()).toBe('type=Local&search=dev');
  });
});
