import { useEffect } from 'react';
import { useLocation, useMatches, type Params } from 'react-router';
import { sections, type ConsoleSection } from './navigation.ts';
import type { RouteHandle } from './router.tsx';

/** One breadcrumb: its text and where it leads. */
export interface Crumb {
  text: string;
  href: string;
}

/** What a route's `breadcrumbs` builder is given: the route's params and the page itself. */
export interface CrumbContext {
  params: Params;
  /** The route's title (its handle's `title`). */
  title: string;
  /** The location's path, the href of the last crumb. */
  pathname: string;
}

/** A route's own breadcrumb chain, root first (e.g. IAM › Users › alice). */
export type CrumbChain = (context: CrumbContext) => Crumb[];

export const IAM_CRUMB: Crumb = { text: 'IAM', href: sections.dashboard.path };
export const EC2_CRUMB: Crumb = { text: 'EC2', href: sections.ec2Instances.path };

const sectionCrumb = (section: ConsoleSection): Crumb => ({ text: section.title, href: section.path });

/** The chain of a section's main page: root › section. */
export function sectionPage(section: ConsoleSection, root: Crumb = IAM_CRUMB): CrumbChain {
  return () => [root, sectionCrumb(section)];
}

/** A page inside a section that names no entity, e.g. IAM › Users › Add users. */
export function sectionChild(section: ConsoleSection, root: Crumb = IAM_CRUMB): CrumbChain {
  return ({ title, pathname }) => [root, sectionCrumb(section), { text: title, href: pathname }];
}

/**
 * An entity's page, named by its route param: IAM › Users › alice. `name` turns the param into
 * what the console calls the entity (a policy's name from its ARN, say); an empty name falls
 * back to the page's title.
 */
export function entityPage(
  section: ConsoleSection,
  param: string,
  { name = (value) => value, root = IAM_CRUMB }: { name?: (value: string) => string; root?: Crumb } = {},
): CrumbChain {
  return ({ params, title, pathname }) => [root, sectionCrumb(section), { text: name(params[param] ?? '') || title, href: pathname }];
}

/** The name at the end of an ARN's resource (…:policy/path/MyPolicy → MyPolicy). */
export function arnResourceName(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/** An identity provider's name as the IAM console lists it: the SAML name, or the OIDC issuer. */
export function providerName(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  const slash = resource.indexOf('/');
  return slash < 0 ? resource : resource.slice(slash + 1);
}

function isRouteHandle(value: unknown): value is RouteHandle {
  return typeof value === 'object' && value !== null && typeof (value as { title?: unknown }).title === 'string';
}

interface HandleMatch {
  handle: unknown;
  params: Params;
}

/** The deepest match that declares a route handle, with its params. */
export function deepestHandle(matches: readonly HandleMatch[]): { handle: RouteHandle; params: Params } | undefined {
  for (let i = matches.length - 1; i >= 0; i--) {
    const match = matches[i];
    if (match && isRouteHandle(match.handle)) return { handle: match.handle, params: match.params };
  }
  return undefined;
}

/**
 * The breadcrumbs of a page: its handle's chain, or else IAM › title. The Dashboard shows IAM
 * alone.
 */
export function breadcrumbsFor(matches: readonly HandleMatch[], pathname: string): Crumb[] {
  const found = deepestHandle(matches);
  if (!found || pathname === '/') return [IAM_CRUMB];
  const { handle, params } = found;
  if (handle.breadcrumbs) return handle.breadcrumbs({ params, title: handle.title, pathname });
  return [IAM_CRUMB, { text: handle.title, href: pathname }];
}

/** The handle of the deepest matched route that declares one. */
export function useRouteHandle(): RouteHandle | undefined {
  return deepestHandle(useMatches())?.handle;
}

/** The current page's breadcrumbs. */
export function useBreadcrumbs(): Crumb[] {
  const matches = useMatches();
  const { pathname } = useLocation();
  return breadcrumbsFor(matches, pathname);
}

/** Keeps the browser tab's title in step with the page: the entity's name when it has one. */
export function useDocumentTitle(): void {
  const matches = useMatches();
  const { pathname } = useLocation();
  const found = deepestHandle(matches);
  const crumbs = found?.handle.breadcrumbs ? breadcrumbsFor(matches, pathname) : [];
  const last = crumbs.at(-1)?.text;
  const title = found ? (last && last !== found.handle.title ? `${last} | ${found.handle.title}` : found.handle.title) : undefined;
  useEffect(() => {
    document.title = title ? `${title} | Portcullis` : 'Portcullis';
  }, [title]);
}
