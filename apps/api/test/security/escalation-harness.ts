/**
 * What the escalation suites share: a real server (sdk-server.ts), the account's root IAM client,
 * and IAM users created through the API with their own access keys, each with real SDK clients —
 * so every refusal and every success below is what an attacker holding that key would see.
 */
import { expect } from 'vitest';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  ListRolesCommand,
  PutUserPolicyCommand,
  type IAMClient,
  type Tag,
} from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Credentials, SdkServer } from '../sdk-server';

export type Statement = { Effect?: 'Allow' | 'Deny'; Action: string | string[]; Resource?: string | string[]; Condition?: object; NotAction?: string | string[] };

/** A policy document (JSON text) of these statements; Effect defaults to Allow, Resource to `*`. */
export const policy = (...statements: Statement[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements.map((s) => ({ Effect: 'Allow', Resource: '*', ...s })) });

export const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

export interface Principal {
  name: string;
  arn: string;
  credentials: Credentials;
  iam: IAMClient;
  sts: STSClient;
}

export interface UserSpec {
  path?: string;
  /** Inline policies (documents). */
  inline?: string[];
  /** Managed policies to attach. */
  attach?: string[];
  boundary?: string;
  tags?: Tag[];
  groups?: string[];
  /** Create no access key (a victim the attacker should not be able to act as). */
  noKey?: boolean;
}

/** Creates an IAM user with the account's root key, and returns clients signing with its own key. */
export async function createUser(server: SdkServer, root: IAMClient, name: string, spec: UserSpec = {}): Promise<Principal> {
  const { User } = await root.send(new CreateUserCommand({ UserName: name, Path: spec.path, PermissionsBoundary: spec.boundary, Tags: spec.tags }));
  for (const [n, document] of (spec.inline ?? []).entries()) await root.send(new PutUserPolicyCommand({ UserName: name, PolicyName: `inline-${n}`, PolicyDocument: document }));
  for (const arn of spec.attach ?? []) await root.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }));
  for (const group of spec.groups ?? []) await root.send(new AddUserToGroupCommand({ GroupName: group, UserName: name }));
  const credentials = spec.noKey ? { accessKeyId: 'AKIANOKEYNOKEYNOKEY0', secretAccessKey: 'none' } : await accessKey(root, name);
  return { name, arn: User!.Arn!, credentials, iam: server.iam(credentials), sts: server.sts(credentials) };
}

export async function accessKey(client: IAMClient, userName: string): Promise<Credentials> {
  const { AccessKey } = await client.send(new CreateAccessKeyCommand({ UserName: userName }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

/**
 * AWS's refusal: AccessDenied (HTTP 403) naming the caller, the action and the resource
 * ("User: ARN is not authorized to perform: ACTION on resource: ARN …").
 */
export async function expectDenied(call: Promise<unknown>, who: string, action: string, resource: string, why?: string | RegExp): Promise<void> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } },
  );
  expect(error, `${action} on ${resource} should have been refused`).toBeDefined();
  expect({ name: error!.name, status: error!.$metadata?.httpStatusCode }).toEqual({ name: 'AccessDenied', status: 403 });
  expect(error!.message).toContain(`User: ${who} is not authorized to perform: ${action} on resource: ${resource}`);
  if (why) expect(error!.message).toMatch(why);
}

export const noIdentityPolicy = (action: string) => `because no identity-based policy allows the ${action} action`;
export const noBoundary = (action: string) => `because no permissions boundary allows the ${action} action`;
export const explicitDeny = 'with an explicit deny in an identity-based policy';

/** POSTs a console sign-in; true when the password was accepted. */
export async function canSignIn(server: SdkServer, userName: string, password: string): Promise<boolean> {
  const res = await fetch(`${server.endpoint}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'iam', account: server.accountId, userName, password }),
  });
  return res.status === 200;
}

/** Can this principal do what only an administrator here can (iam:ListRoles)? */
export async function isAdmin(p: { iam: IAMClient }): Promise<boolean> {
  return p.iam.send(new ListRolesCommand({})).then(
    () => true,
    (e: { name?: string }) => {
      if (e.name === 'AccessDenied') return false;
      throw e;
    },
  );
}
