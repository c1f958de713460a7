// "Create user": for each user of the batch, CreateUser (tags, boundary), CreateLoginProfile,
// CreateAccessKey, then the chosen permissions. A user whose creation fails part-way is rolled
// back (best effort: what was created for it is deleted, newest first); the others proceed.
import { isApiError } from '../../api/client.ts';
import { callIam } from '../../api/queries/policies.ts';
import type { AddUsersForm } from './add-users-validation.ts';
import { generatePassword } from './credentials.ts';

/** AWS's managed policy the console attaches when users must reset a password they may not change. */
export const CHANGE_PASSWORD_POLICY_ARN = 'arn:aws:iam::aws:policy/IAMUserChangePassword';

export type Call = <T>(action: string, body?: object) => Promise<T>;

/** What "Copy permissions from existing user" copies. */
export interface CopiedPermissions {
  groups: string[];
  policyArns: string[];
  inlinePolicies: { PolicyName: string; PolicyDocument: string }[];
  boundaryArn: string | null;
}

interface Page {
  IsTruncated?: boolean;
  Marker?: string;
}

/** Reads a user's groups, attached and inline policies and boundary. */
export async function readPermissionsOf(UserName: string, call: Call = callIam): Promise<CopiedPermissions> {
  // Groups (≤10), attached policies (≤20) and inline policies all fit in one page of 1,000.
  const list = <T, R extends Page>(action: string, pick: (r: R) => T[]) => call<R>(action, { UserName, MaxItems: 1000 }).then(pick);
  const [groups, attached, inlineNames, user] = await Promise.all([
    list<string, Page & { Groups: { GroupName: string }[] }>('ListGroupsForUser', (r) => r.Groups.map((g) => g.GroupName)),
    list<string, Page & { AttachedPolicies: { PolicyArn: string }[] }>('ListAttachedUserPolicies', (r) => r.AttachedPolicies.map((p) => p.PolicyArn)),
    list<string, Page & { PolicyNames: string[] }>('ListUserPolicies', (r) => r.PolicyNames),
    call<{ User: { PermissionsBoundary?: { PermissionsBoundaryArn: string } } }>('GetUser', { UserName }),
  ]);
  const inlinePolicies = await Promise.all(
    inlineNames.map((PolicyName) =>
      call<{ PolicyDocument: string }>('GetUserPolicy', { UserName, PolicyName }).then((r) => ({ PolicyName, PolicyDocument: safeDecode(r.PolicyDocument) })),
    ),
  );
  return { groups, policyArns: attached, inlinePolicies, boundaryArn: user.User.PermissionsBoundary?.PermissionsBoundaryArn ?? null };
}

function safeDecode(document: string): string {
  return document.trim().startsWith('%') ? decodeURIComponent(document) : document;
}

/** The plan for every user of the batch, resolved before the first call. */
export interface CreationPlan {
  userNames: string[];
  tags: { Key: string; Value: string }[];
  boundaryArn: string | null;
  console: { passwordFor: (userName: string) => string; requireReset: boolean } | null;
  programmatic: boolean;
  groups: string[];
  policyArns: string[];
  inlinePolicies: { PolicyName: string; PolicyDocument: string }[];
}

/** Turns the wizard's answers (plus what was copied, and the account's password setting) into a plan. */
export function planCreation(
  form: AddUsersForm,
  { copied = null, usersMayChangePassword = false, passwordLength = 20 }: { copied?: CopiedPermissions | null; usersMayChangePassword?: boolean; passwordLength?: number } = {},
): CreationPlan {
  const passwords = new Map<string, string>();
  const passwordFor = (userName: string) => {
    if (form.passwordKind === 'custom') return form.customPassword;
    if (!passwords.has(userName)) passwords.set(userName, generatePassword(passwordLength));
    return passwords.get(userName)!;
  };
  const groups = form.permissionMode === 'group' ? form.groups : form.permissionMode === 'copy' ? (copied?.groups ?? []) : [];
  const policyArns = form.permissionMode === 'attach' ? [...form.policyArns] : form.permissionMode === 'copy' ? [...(copied?.policyArns ?? [])] : [];
  // AWS: with "Require password reset" and the account setting off, attach IAMUserChangePassword.
  if (form.console && form.requireReset && !usersMayChangePassword && !policyArns.includes(CHANGE_PASSWORD_POLICY_ARN)) {
    policyArns.push(CHANGE_PASSWORD_POLICY_ARN);
  }
  const boundaryArn = form.boundaryEnabled && form.boundaryArn ? form.boundaryArn : form.permissionMode === 'copy' ? (copied?.boundaryArn ?? null) : null;
  return {
    userNames: form.userNames,
    tags: form.tags.map((t) => ({ Key: t.key, Value: t.value })),
    boundaryArn,
    console: form.console ? { passwordFor, requireReset: form.requireReset } : null,
    programmatic: form.programmatic,
    groups,
    policyArns,
    inlinePolicies: form.permissionMode === 'copy' ? (copied?.inlinePolicies ?? []) : [],
  };
}

export interface UserCreationResult {
  userName: string;
  ok: boolean;
  /** The server's message when creation failed; the user was then rolled back. */
  error?: { code: string; message: string; requestId?: string };
  /** Whether the rollback left something behind. */
  rollbackIncomplete?: boolean;
  password?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/** Creates one user as planned; on failure undoes what was done for it, newest first. */
export async function createOneUser(UserName: string, plan: CreationPlan, call: Call = callIam): Promise<UserCreationResult> {
  const undo: (() => Promise<unknown>)[] = [];
  const result: UserCreationResult = { userName: UserName, ok: false };
  try {
    await call('CreateUser', {
      UserName,
      ...(plan.tags.length ? { Tags: plan.tags } : {}),
      ...(plan.boundaryArn ? { PermissionsBoundary: plan.boundaryArn } : {}),
    });
    undo.push(() => call('DeleteUser', { UserName }));
    if (plan.console) {
      const Password = plan.console.passwordFor(UserName);
      await call('CreateLoginProfile', { UserName, Password, PasswordResetRequired: plan.console.requireReset });
      undo.push(() => call('DeleteLoginProfile', { UserName }));
      result.password = Password;
    }
    if (plan.programmatic) {
      const { AccessKey } = await call<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>('CreateAccessKey', { UserName });
      undo.push(() => call('DeleteAccessKey', { UserName, AccessKeyId: AccessKey.AccessKeyId }));
      result.accessKeyId = AccessKey.AccessKeyId;
      result.secretAccessKey = AccessKey.SecretAccessKey;
    }
    for (const GroupName of plan.groups) {
      await call('AddUserToGroup', { GroupName, UserName });
      undo.push(() => call('RemoveUserFromGroup', { GroupName, UserName }));
    }
    for (const PolicyArn of plan.policyArns) {
      await call('AttachUserPolicy', { UserName, PolicyArn });
      undo.push(() => call('DetachUserPolicy', { UserName, PolicyArn }));
    }
    for (const policy of plan.inlinePolicies) {
      await call('PutUserPolicy', { UserName, ...policy });
      undo.push(() => call('DeleteUserPolicy', { UserName, PolicyName: policy.PolicyName }));
    }
    result.ok = true;
    return result;
  } catch (error) {
    let rollbackIncomplete = false;
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch {
        rollbackIncomplete = true;
      }
    }
    return {
      userName: UserName,
      ok: false,
      rollbackIncomplete,
      error: isApiError(error)
        ? { code: error.code, message: error.message, ...(error.requestId ? { requestId: error.requestId } : {}) }
        : { code: 'Error', message: error instanceof Error ? error.message : String(error) },
    };
  }
}

/** Creates every user of the plan in turn; one failure does not stop the others. */
export async function createUsers(plan: CreationPlan, call: Call = callIam): Promise<UserCreationResult[]> {
  const results: UserCreationResult[] = [];
  for (const userName of plan.userNames) results.push(await createOneUser(userName, plan, call));
  return results;
}
