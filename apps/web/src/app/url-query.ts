// A page's state kept in the URL's query (`?search=dev&type=Local&page=2`), changed through one
// updater. Each change starts from the query last asked for, not from the query of the last
// render: React Router's `setSearchParams(current => …)` hands every call the query it rendered
// with, and its navigations commit in a transition, so two changes made in one moment (a
// debounced search landing while a filter is chosen) would each start from the same query and
// the second would undo the first. A navigation that changes the query under the page (Back, a
// link) becomes the starting point again.
import { useLayoutEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';

/** Names to set; `undefined` or '' removes the name from the query. */
export type UrlQueryChanges = Record<string, string | undefined>;

export function useUrlQuery() {
  const [params, setParams] = useSearchParams();
  const latest = useRef(params);
  useLayoutEffect(() => {
    latest.current = params;
  }, [params]);
  /** Applies `changes` to the latest query, replacing the history entry (Back leaves the page). */
  const update = (changes: UrlQueryChanges) => {
    const next = new URLSearchParams(latest.current);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(name);
      else next.set(name, value);
    }
    latest.current = next;
    setParams(next, { replace: true });
  };
  return [params, update] as const;
}
