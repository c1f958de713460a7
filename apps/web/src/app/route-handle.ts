import { useEffect } from 'react';
import { useMatches } from 'react-router';
import type { RouteHandle } from './router.tsx';

function isRouteHandle(value: unknown): value is RouteHandle {
  return typeof value === 'object' && value !== null && typeof (value as { title?: unknown }).title === 'string';
}

/** The handle of the deepest matched route that declares one. */
export function useRouteHandle(): RouteHandle | undefined {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const handle = matches[i]?.handle;
    if (isRouteHandle(handle)) return handle;
  }
  return undefined;
}

/** Keeps the browser tab's title in step with the page. */
export function useDocumentTitle(): void {
  const title = useRouteHandle()?.title;
  useEffect(() => {
    document.title = title ? `${title} | Portcullis` : 'Portcullis';
  }, [title]);
}
