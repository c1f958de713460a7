// The groups section's routes (lazy-loaded pages). Not built yet: the page says so.
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import { comingSoonRoute } from '../../components/coming-soon-route.tsx';

export const groupsRoutes: RouteObject[] = [comingSoonRoute(sections.groups)];
