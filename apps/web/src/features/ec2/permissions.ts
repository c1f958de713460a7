// The sharing state of an AMI or a snapshot as the console edits it (public or not, and the
// accounts it is shared with), and the Add/Remove lists that turn the current grants into the
// edited ones. EC2 treats the group `all` as "public"; the owner is implicit and never listed.
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html
import type { Ec2Grant, Ec2GrantInput } from '../../api/queries/ec2.ts';

export interface SharingState {
  isPublic: boolean;
  /** 12-digit account IDs, in the order they were added. */
  accounts: string[];
}

/** The state a launch permission / create-volume permission list describes. */
export function sharingFromGrants(grants: Ec2Grant[]): SharingState {
  return {
    isPublic: grants.some((g) => 'group' in g && g.group === 'all'),
    accounts: grants.flatMap((g) => ('userId' in g ? [g.userId] : [])),
  };
}

/** What to send so `current` becomes `edited`: EC2's `Add` and `Remove` lists. */
export function permissionDiff(current: SharingState, edited: SharingState): { Add: Ec2GrantInput[]; Remove: Ec2GrantInput[] } {
  const Add: Ec2GrantInput[] = [];
  const Remove: Ec2GrantInput[] = [];
  if (edited.isPublic && !current.isPublic) Add.push({ Group: 'all' });
  if (!edited.isPublic && current.isPublic) Remove.push({ Group: 'all' });
  const before = new Set(current.accounts);
  const after = new Set(edited.accounts);
  for (const id of after) if (!before.has(id)) Add.push({ UserId: id });
  for (const id of before) if (!after.has(id)) Remove.push({ UserId: id });
  return { Add, Remove };
}

/** EC2 account IDs: exactly 12 digits (InvalidAMIAttributeItemValue otherwise). */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** Why an account ID cannot be added to the list, or undefined when it can. */
export function accountIdError(value: string, existing: string[], ownerId?: string): string | undefined {
  const id = value.trim();
  if (id === '') return 'Enter an AWS account ID.';
  if (!ACCOUNT_ID_PATTERN.test(id)) return 'The account ID must be 12 digits.';
  if (id === ownerId) return 'This is the owner account. The owner always has permissions.';
  if (existing.includes(id)) return 'This account ID is already in the list.';
  return undefined;
}

/** "Public", or the accounts shared with ("Private" when none). */
export function sharingSummary(state: SharingState): string {
  if (state.isPublic) return 'Public';
  return state.accounts.length ? `Private, shared with ${state.accounts.length} account${state.accounts.length === 1 ? '' : 's'}` : 'Private';
}
