/** What an UnusedPermission recommendation keeps of a policy (pure: the catalog and the document). */
import { describe, expect, it } from 'vitest';
import { trimPolicy, unusedSetOf } from './unused-access';

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const unused = unusedSetOf([
  { unusedPermissionDetails: { serviceNamespace: 'iam', actions: [{ action: 'CreateUser' }, { action: 'DeleteUser' }] } },
  { unusedPermissionDetails: { serviceNamespace: 's3' } },
]);
const statements = (policy: string | undefined) => (JSON.parse(policy!) as { Statement: { Action: unknown }[] }).Statement;

describe('trimPolicy', () => {
  it('keeps a policy that grants nothing unused as it is', () => {
    expect(trimPolicy(doc({ Effect: 'Allow', Action: ['iam:ListUsers', 'ec2:Describe*'], Resource: '*' }), unused)).toEqual({ changed: false });
  });

  it('drops unused actions and services, listing the used actions a pattern granted with unused ones', () => {
    const trimmed = trimPolicy(doc({ Effect: 'Allow', Action: ['iam:*User', 's3:*', 'ec2:RunInstances'], Resource: '*' }), unused);
    expect(trimmed.changed).toBe(true);
    const action = statements(trimmed.policy)[0]!.Action as string[];
    expect(action).toContain('ec2:RunInstances');
    expect(action).toContain('iam:GetUser');
    expect(action).toContain('iam:UpdateUser');
    expect(action.some((a) => /^s3:|CreateUser|DeleteUser|\*/.test(a))).toBe(false);
  });

  it('narrows `*` to the services it grants, by service, and keeps Deny and NotAction statements', () => {
    const trimmed = trimPolicy(doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }, { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), unused);
    const [all, deny, notAction] = statements(trimmed.policy);
    const action = all!.Action as string[];
    expect(action).toContain('ec2:*');
    expect(action).toContain('iam:ListUsers');
    expect(action).not.toContain('s3:*');
    expect(action).not.toContain('iam:CreateUser');
    expect(deny).toEqual({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' });
    expect(notAction).toEqual({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
  });

  it('has no policy left when every Allow statement granted only unused access (the policy should be detached)', () => {
    expect(trimPolicy(doc({ Effect: 'Allow', Action: ['s3:GetObject', 'iam:CreateUser'], Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }), unused)).toEqual({ changed: true });
  });
});
