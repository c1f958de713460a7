// A route for a section whose screens are not built yet: the navigation works, the page says so.
import type { RouteObject } from 'react-router';
import type { ConsoleSection } from '../app/navigation.ts';
import type { RouteHandle } from '../app/router.tsx';

export function comingSoonRoute(section: ConsoleSection): RouteObject {
  return {
    path: section.path.slice(1),
    handle: { title: section.title, iamAction: section.iamAction } satisfies RouteHandle,
    lazy: async () => {
      const { ComingSoonPage } = await import('./coming-soon-page.tsx');
      return { Component: () => <ComingSoonPage title={section.title} /> };
    },
  };
}
