import { describe, expect, it } from 'vitest';
import { accessLevel, principalText, resourceHref, resourceName, zoneOfTrust } from './format.ts';

describe('Access Analyzer formats', () => {
  it('links a finding’s resource to its console page', () => {
    expect(resourceHref('arn:aws:iam::123456789012:role/service/deploy')).toBe('/roles/details/deploy');
    expect(resourceHref('arn:aws:iam::123456789012:user/alice')).toBe('/users/alice');
    expect(resourceHref('arn:aws:ec2:us-east-1:123456789012:image/ami-0abc')).toBe('/ec2/amis/ami-0abc');
    expect(resourceHref('arn:aws:ec2:us-east-1:123456789012:snapshot/snap-0abc')).toBe('/ec2/snapshots/snap-0abc');
    expect(resourceHref('arn:aws:s3:::bucket')).toBeUndefined();
    expect(resourceName('arn:aws:iam::123456789012:role/service/deploy')).toBe('deploy');
  });

  it('names principals, public access, access levels and zones of trust', () => {
    expect(principalText({ AWS: '111122223333' })).toBe('AWS: 111122223333');
    expect(principalText({ AWS: '*' }, true)).toBe('All principals');
    expect(principalText(undefined)).toBe('-');
    expect(accessLevel(['sts:AssumeRole', 'sts:AssumeRoleWithSAML'])).toBe('Write');
    expect(accessLevel([])).toBe('-');
    expect(zoneOfTrust({ type: 'ACCOUNT', arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/a' })).toBe('Current account (123456789012)');
    expect(zoneOfTrust({ type: 'ORGANIZATION_UNUSED_ACCESS', arn: 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/a' })).toBe('Current organization');
  });
});
