// What the signed-in caller may do, as the server's policy engine decides it: one request per
// session (POST /api/console/GetConsolePermissions) for the action of every console route and
// main button, cached by TanStack Query. The side navigation hides sections the caller may not
// open and buttons that would only be refused are disabled with the reason. Only a hint: the
// API authorizes every call regardless.
//
// Until the answer is in (or when it cannot be had) everything is shown as before: navigation
// never flashes empty. The root user may do anything in its account and asks nothing.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';
import { api } from '../api/client.ts';
import { permissionKeys } from './permission-keys.ts';
import { sessionQuery, type Session } from '../api/queries/session.ts';
import { buttonActions, sections } from './navigation.ts';
import { routes, type RouteHandle } from './router.tsx';

/** The engine's decision for one action, as SimulatePrincipalPolicy names them. */
export type PermissionDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface ConsolePermissionResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: PermissionDecision;
}

/** The most actions one request may ask about (the server's limit). */
export const MAX_ASKED_ACTIONS = 200;

/** The IAM actions the routes declare (`handle.iamAction`), every level of the tree. */
export function routeActions(table: readonly RouteObject[]): string[] {
  const actions: string[] = [];
  const visit = (route: RouteObject) => {
    const handle = route.handle as RouteHandle | undefined;
    if (handle?.iamAction) actions.push(handle.iamAction);
    route.children?.forEach(visit);
  };
  table.forEach(visit);
  return actions;
}

/** Every action the console asks about: its routes', its sections' and its buttons', once each, sorted. */
export function consoleActions(table: readonly RouteObject[]): string[] {
  const all = [...routeActions(table), ...Object.values(sections).map((section) => section.iamAction), ...Object.values(buttonActions)];
  return [...new Set(all)].sort();
}

/** What the one request of the session asks about. */
export const askedActions = (): string[] => consoleActions(routes).slice(0, MAX_ASKED_ACTIONS - SELF_SERVICE_ACTIONS.length);

/**
 * What an IAM user does to itself (Change password, My security credentials): asked about the
 * caller's own user ARN, not any user's, so AWS's "manage your own credentials" policy
 * (`user/${aws:username}`) offers exactly what it allows.
 */
export const SELF_SERVICE_ACTIONS = [
  'iam:ChangePassword',
  'iam:ListAccessKeys',
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:DeleteAccessKey',
  'iam:ListSSHPublicKeys',
  'iam:UploadSSHPublicKey',
  'iam:UpdateSSHPublicKey',
  'iam:DeleteSSHPublicKey',
  'iam:ListServiceSpecificCredentials',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'iam:UpdateServiceSpecificCredential',
  'iam:DeleteServiceSpecificCredential',
  'iam:ListMFADevices',
  'iam:EnableMFADevice',
  'iam:DeactivateMFADevice',
  'iam:ResyncMFADevice',
  'iam:CreateVirtualMFADevice',
  'iam:DeleteVirtualMFADevice',
] as const;
export type SelfServiceAction = (typeof SELF_SERVICE_ACTIONS)[number];
/** Self-service decisions share the session's map under this prefix (the same action on any user is another question). */
const SELF = 'self:';

export { permissionKeys };

/** The caller's decision for each console action. */
export function consolePermissionsQuery(identityArn: string) {
  return queryOptions({
    queryKey: permissionKeys.forIdentity(identityArn),
    queryFn: async () => {
      const { EvaluationResults, SelfServiceResults = [] } = await api.post<{ EvaluationResults: ConsolePermissionResult[]; SelfServiceResults?: ConsolePermissionResult[] }>('/api/console/GetConsolePermissions', {
        ActionNames: askedActions(),
        SelfServiceActionNames: SELF_SERVICE_ACTIONS,
      });
      return new Map([
        ...EvaluationResults.map((result) => [result.EvalActionName, result.EvalDecision] as const),
        ...SelfServiceResults.map((result) => [`${SELF}${result.EvalActionName}`, result.EvalDecision] as const),
      ]);
    },
    // Once per session (and identity); a policy change shows after at most five minutes or a reload.
    staleTime: 5 * 60_000,
    gcTime: Infinity,
  });
}

/** Whose permissions apply: the assumed role's while a role is switched to. Undefined for root, who may do anything. */
function actingIdentity(session: Session | null | undefined): string | undefined {
  if (!session || session.mustChangePassword) return undefined;
  if (session.switchedRole) return session.switchedRole.arn;
  return session.principal.type === 'root' ? undefined : session.principal.arn;
}

export interface ConsolePermissions {
  /** The server's answer is in. */
  known: boolean;
  /** The decision for `action`; undefined while unknown (or for an action never asked about). */
  decision(action: string): PermissionDecision | undefined;
  /** May the caller use what needs `action`? True until known otherwise. */
  allowed(action: string): boolean;
  /** The decision for a self-service `action` (one of SELF_SERVICE_ACTIONS) on the caller's own user. */
  selfServiceDecision(action: string): PermissionDecision | undefined;
}

/** What the signed-in caller may do (see the file's comment). */
export function useConsolePermissions(): ConsolePermissions {
  // The session the guards already read: never fetched from here.
  const session = useQuery({ ...sessionQuery, enabled: false });
  const isRoot = session.data?.principal.type === 'root' && !session.data.switchedRole && !session.data.mustChangePassword;
  const identity = actingIdentity(session.data);
  const permissions = useQuery({ ...consolePermissionsQuery(identity ?? ''), enabled: identity !== undefined });
  const decisions = permissions.data;
  const decision = (action: string): PermissionDecision | undefined => (isRoot ? 'allowed' : decisions?.get(action));
  return {
    known: isRoot || decisions !== undefined,
    decision,
    allowed: (action) => {
      const d = decision(action);
      return d === undefined || d === 'allowed';
    },
    selfServiceDecision: (action) => decision(`${SELF}${action}`),
  };
}

export interface Permitted {
  allowed: boolean;
  /** Why not, for a disabled button's `disabledReason`. */
  reason?: string;
}

/** Why a button needing `action` is not offered. */
export function refusalReason(action: string, decision: PermissionDecision): string {
  return decision === 'explicitDeny'
    ? `An explicit deny in your policies does not let you perform ${action}.`
    : `Your permissions do not allow ${action}.`;
}

const permitted = (action: string, d: PermissionDecision | undefined): Permitted => (d === undefined || d === 'allowed' ? { allowed: true } : { allowed: false, reason: refusalReason(action, d) });

/** May the caller use a button that needs `action`? With the reason when not. */
export function usePermitted(action: string): Permitted {
  return permitted(action, useConsolePermissions().decision(action));
}

/** May the caller use a self-service button (on its own user) that needs `action`? */
export function useSelfServicePermitted(action: SelfServiceAction): Permitted {
  return useSelfServicePermissions()(action);
}

/** The same question for any self-service action, for a section with many buttons. */
export function useSelfServicePermissions(): (action: SelfServiceAction) => Permitted {
  const { selfServiceDecision } = useConsolePermissions();
  return (action) => permitted(action, selfServiceDecision(action));
}
