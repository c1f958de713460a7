import { matchRoutes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { arnResourceName, breadcrumbsFor, providerName } from './route-handle.ts';
import { routes } from './router.tsx';

/** The breadcrumbs the console shows at `pathname`, from the real route table. */
function crumbsAt(pathname: string) {
  const matches = matchRoutes(routes, pathname) ?? [];
  return breadcrumbsFor(
    matches.map((m) => ({ handle: m.route.handle as unknown, params: m.params })),
    pathname,
  );
}

const texts = (pathname: string) => crumbsAt(pathname).map((c) => c.text);

describe('breadcrumbs', () => {
  it('name the entity of a detail page, under its section', () => {
    expect(texts('/users/alice')).toEqual(['IAM', 'Users', 'alice']);
    expect(texts('/groups/Developers')).toEqual(['IAM', 'User groups', 'Developers']);
    expect(texts('/roles/details/Admin')).toEqual(['IAM', 'Roles', 'Admin']);
    expect(texts(`/policies/details/${encodeURIComponent('arn:aws:iam::123456789012:policy/team/MyPolicy')}`)).toEqual(['IAM', 'Policies', 'MyPolicy']);
    expect(texts('/identity-providers/details/arn:aws:iam::123456789012:saml-provider/Okta')).toEqual(['IAM', 'Identity providers', 'Okta']);
    expect(texts('/identity-providers/details/arn:aws:iam::123456789012:oidc-provider/token.actions.example.com/path')).toEqual([
      'IAM',
      'Identity providers',
      'token.actions.example.com/path',
    ]);
    expect(texts('/ec2/amis/ami-0123456789abcdef0')).toEqual(['EC2', 'AMIs', 'ami-0123456789abcdef0']);
    expect(texts('/ec2/snapshots/snap-01')).toEqual(['EC2', 'Snapshots', 'snap-01']);
    expect(texts('/ec2/security-groups/sg-01')).toEqual(['EC2', 'Security groups', 'sg-01']);
  });

  it('link each level: the section to its list, the entity to its own page', () => {
    expect(crumbsAt('/users/alice')).toEqual([
      { text: 'IAM', href: '/' },
      { text: 'Users', href: '/users' },
      { text: 'alice', href: '/users/alice' },
    ]);
    const policy = `/policies/details/${encodeURIComponent('arn:aws:iam::123456789012:policy/MyPolicy')}`;
    expect(crumbsAt(`${policy}/edit`)).toEqual([
      { text: 'IAM', href: '/' },
      { text: 'Policies', href: '/policies' },
      { text: 'MyPolicy', href: policy },
      { text: 'Edit policy', href: `${policy}/edit` },
    ]);
  });

  it('put create pages under their section, and list pages directly under IAM', () => {
    expect(texts('/users/create')).toEqual(['IAM', 'Users', 'Add users']);
    expect(texts('/groups/create')).toEqual(['IAM', 'User groups', 'Create user group']);
    expect(texts('/roles/create')).toEqual(['IAM', 'Roles', 'Create role']);
    expect(texts('/users')).toEqual(['IAM', 'Users']);
    expect(texts('/account-settings')).toEqual(['IAM', 'Account settings']);
    expect(texts('/ec2/instances')).toEqual(['EC2', 'Instances']);
    expect(texts('/')).toEqual(['IAM']);
  });

  it('take names from ARNs', () => {
    expect(arnResourceName('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')).toBe('ViewOnlyAccess');
    expect(providerName('arn:aws:iam::123456789012:saml-provider/Okta')).toBe('Okta');
  });
});
