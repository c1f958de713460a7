/**
 * AWS Organizations, as far as creating member accounts goes: CreateAccount,
 * DescribeCreateAccountStatus, ListAccounts, DescribeAccount. The first account of the
 * installation is the management account. As in AWS, a new account gets a 12-digit ID and the
 * role OrganizationAccountAccessRole with AdministratorAccess, trusting the management account,
 * which reaches it with sts:AssumeRole.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RoleNameSchema, TagListSchema } from '@portcullis/shared';
import { defineAction } from '../action';
import { AwsError } from '../../errors';
import { messages } from '../../messages';
import { issueId, newAccountId } from '../../ids';
import { roleArn } from '../../iam/arns';
import type { Db, Tx } from '../../db/client';
import type { Caller } from '../../auth/caller';
import { hashPassword, weakPasswordReason } from '../../crypto/passwords';

const ORGANIZATION_ACCESS_ROLE = 'OrganizationAccountAccessRole';
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** The organization's ID, derived from the management account (o- + 10 lowercase alphanumerics). */
const organizationId = (managementAccountId: string) => `o-${createHash('sha256').update(`org:${managementAccountId}`).digest('hex').slice(0, 10)}`;
/** A CreateAccount request's ID (car- + 32 hex), derived from the account it created. */
const createRequestId = (accountId: string) => `car-${createHash('sha256').update(`car:${accountId}`).digest('hex').slice(0, 32)}`;

const notInUse = () => new AwsError('AWSOrganizationsNotInUseException', messages.organizationsNotInUse, 400);
const notManagement = () => new AwsError('AccessDeniedException', messages.notManagementAccount, 400);

/** The management account is the installation's first account; members point to it. */
async function managementAccountOf(db: Db | Tx, accountId: string): Promise<string> {
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { id: true, managementAccountId: true } });
  if (account.managementAccountId) return account.managementAccountId;
  const first = await db.account.findFirst({ where: { managementAccountId: null }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  if (first?.id !== account.id) throw notInUse();
  return account.id;
}

async function requireManagement(tx: Tx, caller: Caller): Promise<string> {
  const management = await managementAccountOf(tx, caller.accountId);
  if (management !== caller.accountId) throw notManagement();
  return management;
}

const organizationsArn = (management: string, resource: string) => `arn:aws:organizations::${management}:${resource}`;

function accountShape(management: string, a: { id: string; name: string; rootEmail: string; status: string; createdAt: Date; managementAccountId: string | null }) {
  return {
    Id: a.id,
    Arn: organizationsArn(management, `account/${organizationId(management)}/${a.id}`),
    Email: a.rootEmail,
    Name: a.name,
    Status: a.status,
    JoinedMethod: a.managementAccountId ? 'CREATED' : 'INVITED',
    JoinedTimestamp: a.createdAt,
  };
}

function statusShape(a: { id: string; name: string; createdAt: Date }) {
  return { Id: createRequestId(a.id), AccountName: a.name, State: 'SUCCEEDED', RequestedTimestamp: a.createdAt, CompletedTimestamp: a.createdAt, AccountId: a.id };
}

export const createAccount = defineAction({
  name: 'CreateAccount',
  service: 'organizations',
  authorizationCache: 'unchanged',
  input: z.object({
    Email: z.string().min(6).max(64).email(),
    AccountName: z.string().min(1).max(50).regex(/^[\u0020-\u007E]+$/),
    RoleName: RoleNameSchema.optional(),
    IamUserAccessToBilling: z.enum(['ALLOW', 'DENY']).optional(),
    Tags: TagListSchema.optional(),
  }),
  target: (input, caller) => ({ resource: '*', resourceAccount: caller.accountId, requestTags: input.Tags }),
  async handler(input, { tx, caller, now }) {
    const management = await requireManagement(tx, caller);
    const email = input.Email.toLowerCase();
    if (await tx.account.findUnique({ where: { rootEmail: email } })) {
      // AWS reports a failed request through its status rather than an error.
      return { CreateAccountStatus: { Id: `car-${createHash('sha256').update(`${email}:${now.toISOString()}`).digest('hex').slice(0, 32)}`, AccountName: input.AccountName, State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS', RequestedTimestamp: now, CompletedTimestamp: now } };
    }
    let accountId = newAccountId();
    while (await tx.account.findUnique({ where: { id: accountId } })) accountId = newAccountId();
    const account = await tx.account.create({ data: { id: accountId, name: input.AccountName, rootEmail: email, managementAccountId: management, createdAt: now } });
    // The role the management account uses to reach the new account (AWS creates it too).
    const roleName = input.RoleName ?? ORGANIZATION_ACCESS_ROLE;
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${management}:root` }, Action: 'sts:AssumeRole' }] };
    const role = await tx.role.create({
      data: { id: await issueId(tx, 'role'), accountId, name: roleName, arn: roleArn(accountId, '/', roleName), assumeRolePolicyDocument: JSON.stringify(trust, null, 4), createdAt: now },
    });
    const admin = await tx.managedPolicy.findUniqueOrThrow({ where: { arn: ADMINISTRATOR_ACCESS } });
    await tx.policyAttachment.create({ data: { policyId: admin.id, roleId: role.id } });
    return { CreateAccountStatus: statusShape(account) };
  },
});

export const describeCreateAccountStatus = defineAction({
  name: 'DescribeCreateAccountStatus',
  service: 'organizations',
  readOnly: true,
  input: z.object({ CreateAccountRequestId: z.string().regex(/^car-[a-z0-9]{8,32}$/) }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const management = await requireManagement(tx, caller);
    const members = await tx.account.findMany({ where: { managementAccountId: management } });
    const account = members.find((a) => createRequestId(a.id) === input.CreateAccountRequestId);
    if (!account) throw new AwsError('CreateAccountStatusNotFoundException', messages.createAccountStatusNotFound, 400);
    return { CreateAccountStatus: statusShape(account) };
  },
});

export const listAccounts = defineAction({
  name: 'ListAccounts',
  service: 'organizations',
  readOnly: true,
  input: z.object({ NextToken: z.string().max(100000).optional(), MaxResults: z.number().int().min(1).max(20).optional() }),
  target: () => ({ resource: '*' }),
  async handler(input, { tx, caller }) {
    const management = await requireManagement(tx, caller);
    const accounts = await tx.account.findMany({ where: { OR: [{ id: management }, { managementAccountId: management }] }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64url').toString('utf8')) || 0 : 0;
    const limit = input.MaxResults ?? 20;
    const page = accounts.slice(start, start + limit);
    const next = start + limit < accounts.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
    return { Accounts: page.map((a) => accountShape(management, a)), ...(next ? { NextToken: next } : {}) };
  },
});

export const describeAccount = defineAction({
  name: 'DescribeAccount',
  service: 'organizations',
  readOnly: true,
  input: z.object({ AccountId: z.string().regex(/^\d{12}$/) }),
  target: (input, caller) => ({ resource: `arn:aws:organizations::${caller.accountId}:account/*/${input.AccountId}` }),
  async handler(input, { tx, caller }) {
    const management = await requireManagement(tx, caller);
    const account = await tx.account.findUnique({ where: { id: input.AccountId } });
    if (!account || (account.id !== management && account.managementAccountId !== management)) {
      throw new AwsError('AccountNotFoundException', messages.organizationsAccountNotFound, 400);
    }
    return { Account: accountShape(management, account) };
  },
});

/**
 * Portcullis's stand-in for AWS's root-password recovery of a member account: the management
 * account gives a member account's root user a password, as created member accounts have none.
 */
export const setAccountRootPassword = defineAction({
  name: 'SetAccountRootPassword',
  service: 'portcullis',
  authorizationCache: 'unchanged',
  input: z.object({ AccountId: z.string().regex(/^\d{12}$/), Password: z.string().min(1).max(128) }),
  target: (input, caller) => ({ resource: `arn:aws:organizations::${caller.accountId}:account/*/${input.AccountId}` }),
  async handler(input, { tx, caller, now }) {
    const management = await requireManagement(tx, caller);
    const account = await tx.account.findUnique({ where: { id: input.AccountId } });
    if (!account || account.managementAccountId !== management) {
      throw new AwsError('AccountNotFoundException', messages.organizationsAccountNotFound, 400);
    }
    const reason = weakPasswordReason(input.Password, { email: account.rootEmail });
    if (reason) throw new AwsError('PasswordPolicyViolation', reason, 400);
    await tx.account.update({ where: { id: account.id }, data: { rootPasswordHash: await hashPassword(input.Password), rootPasswordChangedAt: now } });
    return {};
  },
});

export const organizationsActions = [createAccount, describeCreateAccountStatus, listAccounts, describeAccount, setAccountRootPassword];
