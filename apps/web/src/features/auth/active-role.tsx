// The role the console acts as after "Switch role", as the console shows it: the display name and
// colour chosen on the Switch role form ("DisplayName @ account"), and the role session's ARN.
import { useQuery } from '@tanstack/react-query';
import { sessionQuery, type SwitchedRole } from '../../api/queries/session.ts';
import { activeRoleEntry, roleColorValue, roleLabel, useRoleHistory, type RoleHistoryEntry } from './role-history.ts';

export interface ActiveRole {
  role: SwitchedRole;
  /** "DisplayName @ account" (the role's name when no display name was chosen). */
  label: string;
  /** The chosen colour (AWS's palette), or null. */
  color: string | null;
}

/** The label and colour of a switched role, from the history entry this browser kept for it. */
export function describeRole(role: SwitchedRole, entry: RoleHistoryEntry | undefined): ActiveRole {
  return {
    role,
    label: roleLabel({ displayName: entry?.displayName ?? '', roleName: role.roleName, accountId: role.accountId }),
    color: entry ? roleColorValue(entry.color) : null,
  };
}

/** The signed-in user's role history and the role the console acts as, if any. */
export function useActiveRole(): { active: ActiveRole | undefined; history: RoleHistoryEntry[] } {
  const session = useQuery(sessionQuery);
  const principalArn = session.data?.principal.arn;
  const history = useRoleHistory(principalArn);
  const role = session.data?.switchedRole;
  return { active: role ? describeRole(role, activeRoleEntry(history, role)) : undefined, history };
}

/**
 * The band under the top navigation while a role is assumed: the role's label on its colour and
 * the session's ARN, so nobody forgets whose permissions they are using.
 */
export function ActiveRoleBanner({ active }: { active: ActiveRole }) {
  return (
    <div
      role="status"
      aria-label="Active role"
      data-testid="active-role"
      data-color={active.color ?? 'none'}
      style={{
        background: active.color ?? '#e9ebed',
        color: '#000716',
        padding: '2px 20px',
        fontSize: 12,
        lineHeight: '20px',
        display: 'flex',
        flexWrap: 'wrap',
        gap: '0 12px',
        overflowWrap: 'anywhere',
      }}
    >
      <strong>{active.label}</strong>
      <span>{active.role.arn}</span>
    </div>
  );
}
