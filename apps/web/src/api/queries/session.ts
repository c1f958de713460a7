// Console sessions: who is signed in, signing in and out, and changing one's own password.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from '../client.ts';

/** The signed-in identity, as the server describes it. */
export interface Principal {
  arn: string;
  accountId: string;
  userName?: string;
  /** federated: signed in through a SAML or OIDC identity provider, as a role session. */
  type: 'root' | 'user' | 'federated';
}

/** The role the console acts as after "Switch role". */
export interface SwitchedRole {
  arn: string;
  accountId: string;
  roleName: string;
  sessionName: string;
  expiresAt: string;
}

/** Who the console acts as: the role session while a role is assumed, else the signed-in principal. */
export interface ActingIdentity {
  /** The caller's ARN: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` for a role session. */
  arn: string;
  /** The account acted in (the role's, after a switch to another account). */
  accountId: string;
  /** What the Dashboard shows about it, label and value. */
  details: { label: string; value: string }[];
}

export function actingIdentity(session: Pick<Session, 'principal' | 'switchedRole' | 'federated'>): ActingIdentity {
  const { principal, switchedRole: role, federated } = session;
  if (role) {
    return {
      arn: role.arn,
      accountId: role.accountId,
      details: [
        { label: 'Active role', value: role.roleName },
        { label: 'Role session ARN', value: role.arn },
        // A federated session was never anyone else: it came from its identity provider.
        federated ? { label: 'Identity provider', value: federated.providerArn } : { label: 'Switched from', value: principal.userName ?? principal.arn },
      ],
    };
  }
  return {
    arn: principal.arn,
    accountId: principal.accountId,
    details: [
      { label: 'Signed in as', value: principal.type === 'root' ? 'Root user' : (principal.userName ?? principal.arn) },
      { label: 'Principal ARN', value: principal.arn },
    ],
  };
}

/** `GET /api/session` reply. */
export interface Session {
  principal: Principal;
  /** PORTCULLIS_PUBLIC_URL, when the server is reached through a proxy under another address. */
  publicUrl?: string;
  switchedRole?: SwitchedRole;
  /** A federated sign-in: its provider, and the console's label "Federated user: role/session @ account". */
  federated?: { providerArn: string; label: string };
  csrfToken: string;
  mustChangePassword?: boolean;
}

/** `POST /api/session` body: the two sign-in forms of the AWS console. */
export type SignInRequest =
  | { kind: 'root'; email: string; password: string }
  | { kind: 'iam'; account: string; userName: string; password: string };

/** `POST /api/session` reply. */
export interface SignInResult {
  principal: Principal;
  csrfToken: string;
  mustChangePassword: boolean;
}

/** `POST /api/session/change-password` body. */
export interface ChangePasswordRequest {
  oldPassword: string;
  newPassword: string;
}

export const sessionKeys = {
  current: ['session', 'current'] as const,
};

/** Reads the current session; `null` when nobody is signed in (401). */
export async function getSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/api/session', signal);
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const sessionQuery = queryOptions({
  queryKey: sessionKeys.current,
  queryFn: ({ signal }) => getSession(signal),
  staleTime: 60_000,
});

export async function signIn(body: SignInRequest): Promise<SignInResult> {
  const result = await api.post<SignInResult>('/api/session', body);
  setCsrfToken(result.csrfToken);
  return result;
}

export async function signOut(): Promise<void> {
  try {
    await api.delete<void>('/api/session');
  } finally {
    setCsrfToken(null);
  }
}

export function changePassword(body: ChangePasswordRequest): Promise<void> {
  return api.post<void>('/api/session/change-password', body);
}

export function useSignInMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (result) => {
      const session: Session = {
        principal: result.principal,
        csrfToken: result.csrfToken,
        mustChangePassword: result.mustChangePassword,
      };
      queryClient.setQueryData(sessionQuery.queryKey, session);
    },
  });
}

export function useSignOutMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    // Whatever the server said, this browser no longer holds a usable session: drop every
    // cached answer (but whether setup is done) so the next principal never sees this one's data.
    onSettled: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'setup' && query.queryKey[0] !== 'session' });
      queryClient.setQueryData(sessionQuery.queryKey, null);
    },
  });
}

export function useChangePasswordMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      queryClient.setQueryData(sessionQuery.queryKey, (session) =>
        session ? { ...session, mustChangePassword: false } : session,
      );
      return queryClient.invalidateQueries({ queryKey: sessionKeys.current });
    },
  });
}

/** `POST /api/session/switch-role` body: the console's Switch role form. */
export interface SwitchRoleRequest {
  account: string;
  roleName: string;
}

/** Acts as a role (sts:AssumeRole as the signed-in user); every cached view then changes. */
export function useSwitchRoleMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SwitchRoleRequest) => api.post<Session>('/api/session/switch-role', body),
    onSuccess: async (session) => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.current, session);
    },
  });
}

/** Returns to the signed-in user's own identity. */
export function useSwitchBackMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Session>('/api/session/switch-back', {}),
    onSuccess: async (session) => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.current, session);
    },
  });
}

/**
 * The base of the console links Portcullis shows, emails and writes into .csv files: the
 * server's PORTCULLIS_PUBLIC_URL, or else the address this page was loaded from.
 */
export function useConsoleBaseUrl(): string {
  const session = useQuery(sessionQuery);
  return (session.data?.publicUrl ?? window.location.origin).replace(/\/+$/, '');
}
