// The user group name rule (IAM API Reference, CreateGroup: 1–128 characters of [\w+=,.@-]),
// checked as the person types; uniqueness (case-insensitive) is the server's to decide.
import { IAM_NAME_PATTERN } from '../../components/users-groups-format.ts';

export const MAX_GROUP_NAME_LENGTH = 128;

/** Why `name` is not a valid group name, or undefined. */
export function groupNameError(name: string): string | undefined {
  if (name.length === 0) return 'Enter a user group name.';
  if (name.length > MAX_GROUP_NAME_LENGTH) return `The user group name can have at most ${MAX_GROUP_NAME_LENGTH} characters.`;
  if (!IAM_NAME_PATTERN.test(name)) return 'The user group name can contain only alphanumeric characters and +=,.@-_.';
  return undefined;
}
