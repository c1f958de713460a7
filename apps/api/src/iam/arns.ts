/** IAM ARNs (region is empty for IAM): arn:aws:iam::<account>:<type><path><name>. */
export const iamArn = (accountId: string, type: 'user' | 'group' | 'role' | 'policy' | 'instance-profile' | 'mfa', path: string, name: string) =>
  `arn:aws:iam::${accountId}:${type}${path}${name}`;
export const userArn = (accountId: string, path: string, name: string) => iamArn(accountId, 'user', path, name);
export const groupArn = (accountId: string, path: string, name: string) => iamArn(accountId, 'group', path, name);
export const roleArn = (accountId: string, path: string, name: string) => iamArn(accountId, 'role', path, name);
export const policyArn = (accountId: string, path: string, name: string) => iamArn(accountId, 'policy', path, name);
export const instanceProfileArn = (accountId: string, path: string, name: string) => iamArn(accountId, 'instance-profile', path, name);
export const rootArn = (accountId: string) => `arn:aws:iam::${accountId}:root`;

/** The account of an ARN (`aws` for AWS-managed policies), or undefined if it is not an ARN. */
export function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? parts[4] : undefined;
}
