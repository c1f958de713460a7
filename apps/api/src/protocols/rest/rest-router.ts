/**
 * The console's REST protocol: `POST /api/<service>/<Action>` with the action's input as JSON
 * (AWS field names), answered with its output as JSON. The caller is the console session.
 * Only translates: parsing, authorization, transactions and audit happen in dispatch().
 */
import express, { type Router } from 'express';
import { findAction, findConsoleView } from '../../actions/registry';
import { dispatch, type DispatchDeps } from '../../dispatch';
import { AwsError } from '../../errors';
import { messages } from '../../messages';
import { callerFromSession } from '../../auth/session-caller';
import { sendWithBlob, withPlaceholder } from '../streamed-blob';

export function restRouter(deps: DispatchDeps): Router {
  const router = express.Router();
  router.post('/:service/:action', async (req, res) => {
    const service = String(req.params.service);
    const action = service === 'console' ? findConsoleView(String(req.params.action)) : findAction(service, String(req.params.action));
    if (!action) throw new AwsError('InvalidAction', messages.invalidAction(`${service}:${String(req.params.action)}`), 400);
    if (!req.session) throw new AwsError('NotSignedIn', messages.console.notSignedIn, 401);
    if (req.session.mustChangePassword) throw new AwsError('PasswordResetRequired', messages.console.mustChangePassword, 403);
    const caller = await callerFromSession(deps.db, req.session, req);
    const output = await dispatch(deps, { action, input: req.body, caller, requestId: req.requestId });
    // A streamed blob member (GetCredentialReport's Content) is written as it is read.
    const streamed = withPlaceholder(output);
    if (streamed) await sendWithBlob(res, 'application/json; charset=utf-8', JSON.stringify(streamed.output), streamed.placeholder, streamed.blob);
    else res.json(output ?? {});
  });
  return router;
}
