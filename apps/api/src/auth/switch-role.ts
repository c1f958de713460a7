/**
 * The console's "Switch role": an IAM user assumes a role (sts:AssumeRole through the
 * dispatcher, so the role's trust policy and the user's policies decide) and the console session
 * then acts as that role session until it switches back or the role session expires (1 hour).
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { AccountAliasSchema, AccountIdSchema } from '@portcullis/shared';
import { findAction } from '../actions/registry';
import { dispatch, type DispatchDeps } from '../dispatch';
import { AwsError } from '../errors';
import { messages } from '../messages';
import { SESSION_COOKIE, findSession, sessionBody, signedInSession } from './console-session';
import { callerFromSession } from './session-caller';

const SwitchRoleSchema = z.object({
  account: z.union([AccountIdSchema, AccountAliasSchema]),
  /** The role name, with its path if it has one (`path/name`). */
  roleName: z.string().min(1).max(576).regex(/^[\w+=,.@/-]+$/),
});

export function switchRoleRoutes(deps: DispatchDeps): Router {
  const router = express.Router();
  router.post('/session/switch-role', async (req, res) => {
    const session = signedInSession(req);
    if (session.principal.type === 'root') throw new AwsError('AccessDenied', messages.rootMayNotAssumeRoles, 403);
    // A federated sign-in is a role session: it signs in again at its identity provider instead.
    if (session.principal.type === 'federated') throw new AwsError('AccessDenied', messages.notAuthorizedToPerform('sts:AssumeRole'), 403);
    const input = SwitchRoleSchema.parse(req.body);
    const accountId = /^\d{12}$/.test(input.account) ? input.account : (await deps.db.account.findUnique({ where: { alias: input.account } }))?.id;
    if (!accountId) throw new AwsError('InvalidInput', messages.console.unknownAccountAlias(input.account), 400);
    // Switching from one role to another starts from the user, not from the current role.
    const caller = await callerFromSession(deps.db, { ...session, switchedRole: undefined }, req);
    const assumeRole = findAction('sts', 'AssumeRole')!;
    const output = (await dispatch(deps, {
      action: assumeRole,
      input: { RoleArn: `arn:aws:iam::${accountId}:role/${input.roleName}`, RoleSessionName: session.principal.userName ?? session.principal.userId, DurationSeconds: 3600 },
      caller,
      requestId: req.requestId,
    })) as { Credentials: { AccessKeyId: string } };
    await deps.db.consoleSession.update({ where: { id: session.id }, data: { temporaryCredentialId: output.Credentials.AccessKeyId } });
    const updated = await findSession(deps.db, req.cookies[SESSION_COOKIE] as string);
    res.json(sessionBody(updated!, deps.publicUrl));
  });
  router.post('/session/switch-back', async (req, res) => {
    const session = req.session;
    if (!session) throw new AwsError('NotSignedIn', messages.console.notSignedIn, 401);
    // SECURITY: a federated session has nothing to switch back to (its role session is all it is).
    if (session.principal.type === 'federated') throw new AwsError('AccessDenied', messages.notAuthorizedToPerform('sts:AssumeRole'), 403);
    await deps.db.consoleSession.update({ where: { id: session.id }, data: { temporaryCredentialId: null } });
    res.json(sessionBody({ ...session, switchedRole: undefined }, deps.publicUrl));
  });
  return router;
}
