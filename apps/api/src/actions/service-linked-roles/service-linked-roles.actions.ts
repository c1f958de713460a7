/**
 * Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole and
 * GetServiceLinkedRoleDeletionStatus (IAM API Reference; IAM User Guide, "Using service-linked
 * roles"). The role is an ordinary Role row at `/aws-service-role/<principal>/` (the mark that
 * iam/service-linked-roles.ts checks to refuse changes by anyone but AWS), with AWS's trust
 * policy for the principal and the service's AWS managed policy attached.
 *
 * Deletion happens at once, inside DeleteServiceLinkedRole's transaction. The schema has no table
 * for deletion tasks, so the task ID carries what the status call needs: AWS's
 * `task/aws-service-role/<principal>/<role name>/<task-uuid>`, where the UUID (version 4 layout)
 * packs the deleted role's unique ID (85 bits) with 37 random bits. Role IDs are recorded in
 * IssuedId forever and never reused, so GetServiceLinkedRoleDeletionStatus answers SUCCEEDED when
 * that role ID was issued and the role is gone, NOT_STARTED if it still exists (never the case
 * for a task this API issued), InvalidInput for an ID not in AWS's format, and NoSuchEntity for a
 * well-formed ID naming a role ID never issued.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { RoleNameSchema } from '@portcullis/shared';
import { defineAction } from '../action';
import { deleteConflict, invalidInput, noSuchEntity } from '../../errors';
import { messages } from '../../messages';
import { issueId } from '../../ids';
import { roleArn } from '../../iam/arns';
import { entityByName, findRole, roleByName } from '../../iam/lookups';
import { roleShape } from '../../iam/roles-shape';
import { tagsOf } from '../../iam/shapes';
import { SERVICE_LINKED_ROLE_PATH_PREFIX, linkedServicePrincipal } from '../../iam/service-linked-roles';
import { linkedService, linkedServicePolicyArn, serviceLinkedRoleName } from './service-linked-roles.services';
import { modelCheckedString } from '../../protocols/model/model-checked';

/** AWSServiceName, CustomSuffix, Description: the model states their lengths and patterns. */
const AwsServiceNameSchema = modelCheckedString();
const CustomSuffixSchema = modelCheckedString();
const DescriptionSchema = modelCheckedString();

const pathFor = (principal: string) => `${SERVICE_LINKED_ROLE_PATH_PREFIX}${principal}/`;

/** The trust policy AWS writes: only the linked service may assume the role. */
function trustPolicy(principal: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }] });
}

/** The role name the request asks for, or a stand-in for an unknown service (authorization only). */
function requestedRoleName(input: { AWSServiceName: string; CustomSuffix?: string }): string {
  const service = linkedService(input.AWSServiceName);
  return service ? serviceLinkedRoleName(service, input.CustomSuffix) : 'AWSServiceRoleFor';
}

export const createServiceLinkedRole = defineAction({
  name: 'CreateServiceLinkedRole',
  service: 'iam',
  quota: 'Role',
  authorizationCache: 'unchanged',
  input: z.object({ AWSServiceName: AwsServiceNameSchema, Description: DescriptionSchema.optional(), CustomSuffix: CustomSuffixSchema.optional() }),
  // Authorized on the role's ARN, with the service in iam:AWSServiceName (Service Authorization
  // Reference: the condition key that limits which service-linked roles a principal may create).
  target: (input, caller) => ({
    resource: roleArn(caller.accountId, pathFor(input.AWSServiceName), requestedRoleName(input)),
    context: { 'iam:AWSServiceName': input.AWSServiceName },
  }),
  async handler(input, { tx, caller }) {
    const accountId = caller.accountId;
    const principal = input.AWSServiceName;
    const service = linkedService(principal);
    if (!service) throw invalidInput(messages.serviceLinkedRolesNotSupported(principal));
    if (input.CustomSuffix !== undefined && !service.customSuffix) throw invalidInput(messages.customSuffixNotAllowed(principal));
    const name = serviceLinkedRoleName(service, input.CustomSuffix);
    const policyArn = linkedServicePolicyArn(service);
    const policy = await tx.managedPolicy.findUnique({ where: { arn: policyArn }, select: { id: true } });
    // The seed holds every policy of the table at this ARN (a test checks it): a missing one is a broken seed.
    if (!policy) throw new Error(`AWS managed policy ${policyArn} is not seeded`);
    // Serialize role creation per account so the quota and the name check hold under concurrency.
    await tx.$queryRaw`SELECT 1 FROM "Account" WHERE id = ${accountId} FOR UPDATE`;
    if (await entityByName(tx, 'Role', accountId, name)) throw invalidInput(messages.serviceLinkedRoleNameTaken(name));
    const path = pathFor(principal);
    const role = await tx.role.create({
      data: {
        id: await issueId(tx, 'role'),
        accountId,
        name,
        path,
        arn: roleArn(accountId, path, name),
        assumeRolePolicyDocument: trustPolicy(principal),
        description: input.Description ?? service.description ?? null,
        maxSessionDuration: 3600,
      },
      include: { permissionsBoundary: { select: { arn: true } } },
    });
    await tx.policyAttachment.create({ data: { policyId: policy.id, roleId: role.id } });
    return { Role: roleShape(role, { details: true }) };
  },
});

export const deleteServiceLinkedRole = defineAction({
  name: 'DeleteServiceLinkedRole',
  service: 'iam',
  authorizationCache: 'principal',
  input: z.object({ RoleName: RoleNameSchema }),
  target: async (input, caller, db) => {
    const role = await roleByName(db, caller.accountId, input.RoleName);
    return { resource: role?.arn ?? roleArn(caller.accountId, '/', input.RoleName), resourceTags: tagsOf(role?.tags) };
  },
  async handler(input, { tx, caller }) {
    const role = await findRole(tx, caller.accountId, input.RoleName);
    const principal = linkedServicePrincipal(role);
    // AWS lists only NoSuchEntity for a role this action cannot delete.
    if (!principal) throw noSuchEntity(messages.notServiceLinkedRole(role.name));
    await tx.$queryRaw`SELECT 1 FROM "Role" WHERE id = ${role.id} FOR UPDATE`;
    if (await tx.instanceProfileRole.count({ where: { roleId: role.id } })) throw deleteConflict(messages.mustRemoveRolesFromInstanceProfileFirst);
    // Its attachments, inline policies and sessions go with it (the relations cascade).
    await tx.role.delete({ where: { id: role.id } });
    return { DeletionTaskId: `task/aws-service-role/${principal}/${role.name}/${taskUuid(role.id)}` };
  },
});

const TASK_ID = /^task\/aws-service-role\/([\w+=,.@-]+)\/([\w+=,.@-]{1,64})\/([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;

export const getServiceLinkedRoleDeletionStatus = defineAction({
  name: 'GetServiceLinkedRoleDeletionStatus',
  service: 'iam',
  readOnly: true,
  input: z.object({ DeletionTaskId: z.string().min(1).max(1000) }),
  target: (input, caller) => {
    const m = TASK_ID.exec(input.DeletionTaskId);
    return { resource: m ? roleArn(caller.accountId, pathFor(m[1]!), m[2]!) : '*' };
  },
  async handler(input, { tx }) {
    const m = TASK_ID.exec(input.DeletionTaskId);
    const roleId = m ? roleIdOfTask(m[3]!) : undefined;
    if (!roleId) throw invalidInput(messages.invalidDeletionTaskId(input.DeletionTaskId));
    if (!(await tx.issuedId.findFirst({ where: { id: roleId, kind: 'role' } }))) throw noSuchEntity(messages.deletionTaskNotFound(input.DeletionTaskId));
    const stillThere = await tx.role.count({ where: { id: roleId } });
    return { Status: stillThere ? 'NOT_STARTED' : 'SUCCEEDED' };
  },
});

export const serviceLinkedRolesActions = [createServiceLinkedRole, deleteServiceLinkedRole, getServiceLinkedRoleDeletionStatus];

// --- The task UUID: a role ID (AROA + 17 base32 characters = 85 bits) and 37 random bits, laid
// out as a version 4 UUID (4 bits of version and 2 of variant fixed, 122 bits of payload).

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ROLE_ID = /^AROA[A-Z2-7]{17}$/;
const RANDOM_BITS = 37n;

/** A deletion task UUID carrying `roleId` (AROA + 17 base32 characters). */
export function taskUuid(roleId: string): string {
  let bits = 0n;
  for (const c of roleId.slice(4)) bits = (bits << 5n) | BigInt(BASE32.indexOf(c));
  const random = BigInt(`0x${randomBytes(5).toString('hex')}`) & ((1n << RANDOM_BITS) - 1n);
  const payload = (bits << RANDOM_BITS) | random;
  const uuid = ((payload >> 74n) << 80n) | (4n << 76n) | (((payload >> 62n) & 0xfffn) << 64n) | (2n << 62n) | (payload & ((1n << 62n) - 1n));
  const hex = uuid.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The role ID a task UUID carries, or undefined when it carries none. */
export function roleIdOfTask(uuid: string): string | undefined {
  const n = BigInt(`0x${uuid.replace(/-/g, '')}`);
  const payload = ((n >> 80n) << 74n) | (((n >> 64n) & 0xfffn) << 62n) | (n & ((1n << 62n) - 1n));
  let bits = payload >> RANDOM_BITS;
  let chars = '';
  for (let i = 0; i < 17; i++) {
    chars = BASE32[Number(bits & 31n)]! + chars;
    bits >>= 5n;
  }
  const id = `AROA${chars}`;
  return ROLE_ID.test(id) ? id : undefined;
}
