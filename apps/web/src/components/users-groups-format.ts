// Date and age wording shared by the users and groups screens.

/** A timestamp as the console shows it, or "-" when there is none (the one format: date-format.ts). */
export { formatDateTime } from './date-format.ts';

/** "Today", "1 day", "12 days" since `iso` (the console's age columns), or "-" when absent. */
export function formatAge(iso: string | undefined | null, now: Date = new Date()): string {
  if (!iso) return '-';
  const days = Math.floor((now.getTime() - new Date(iso).getTime()) / 86_400_000);
  if (Number.isNaN(days)) return '-';
  if (days <= 0) return 'Today';
  return days === 1 ? '1 day' : `${days} days`;
}

/** AWS's name rule for users, groups, roles and policies: letters, digits and `+=,.@-_`. */
export const IAM_NAME_PATTERN = /^[\w+=,.@-]+$/;
