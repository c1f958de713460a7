// The role's "Revoke sessions" tab, as AWS's console has it: "Revoke active sessions", confirmed
// with an acknowledgement, attaches the inline policy AWSRevokeOlderSessions (or moves its date
// to now), which denies every action to the role's sessions issued before that moment
// (aws:TokenIssueTime) and leaves the sessions created afterwards alone. A service-linked role's
// sessions cannot be revoked: only its service may change its permissions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { REVOKE_OLDER_SESSIONS_POLICY_NAME, useRevokeRoleSessionsMutation, type Role } from '../../api/queries/roles.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';

export const REVOKE_SESSIONS_TAB_LABEL = 'Revoke sessions';
const REVOKE = 'Revoke active sessions';

/** The confirmation: nothing happens until the acknowledgement is checked. */
export function RevokeSessionsModal({ role, onClose, onRevoked }: { role: Role; onClose: () => void; onRevoked: () => void }) {
  const revoke = useRevokeRoleSessionsMutation();
  const [acknowledged, setAcknowledged] = useState(false);
  return (
    <FormModal
      header="Revoke active sessions?"
      submitLabel={REVOKE}
      disabled={!acknowledged}
      loading={revoke.isPending}
      onClose={onClose}
      onSubmit={() => revoke.mutate({ RoleName: role.RoleName }, { onSuccess: onRevoked })}
    >
      <SpaceBetween size="m">
        <Alert type="warning">
          Every user and application that assumed <strong>{role.RoleName}</strong> before now is denied access to all actions and resources. This can result in users losing
          unsaved work.
        </Alert>
        <Box>
          IAM attaches the inline policy <Box variant="code">{REVOKE_OLDER_SESSIONS_POLICY_NAME}</Box> to this role. Anyone who assumes the role after you revoke its sessions is
          not affected.
        </Box>
        {revoke.isError && <ApiErrorAlert error={revoke.error} header="The sessions could not be revoked" />}
        <Checkbox checked={acknowledged} onChange={({ detail }) => setAcknowledged(detail.checked)}>
          I acknowledge that I am revoking all active sessions for this role.
        </Checkbox>
      </SpaceBetween>
    </FormModal>
  );
}

export function RevokeSessionsTab({ role, serviceLinked, onRevoked }: { role: Role; serviceLinked: boolean; onRevoked: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <Container
      header={
        <Header
          variant="h2"
          actions={
            <Button disabled={serviceLinked} onClick={() => setConfirming(true)}>
              {REVOKE}
            </Button>
          }
        >
          {REVOKE}
        </Header>
      }
    >
      <SpaceBetween size="s">
        {serviceLinked ? (
          <Box>You cannot revoke the sessions of a service-linked role.</Box>
        ) : (
          <>
            <Box>
              If you choose {REVOKE}, IAM attaches an inline policy named <Box variant="code">{REVOKE_OLDER_SESSIONS_POLICY_NAME}</Box> to this role. The policy denies all access
              to users and applications who assumed the role before you chose {REVOKE}. Anyone who assumes the role afterwards is not affected.
            </Box>
            <Box>If you revoke sessions again later, IAM updates the date in the policy: it then denies all access to every session issued before the new time.</Box>
          </>
        )}
      </SpaceBetween>
      {confirming && (
        <RevokeSessionsModal
          role={role}
          onClose={() => setConfirming(false)}
          onRevoked={() => {
            setConfirming(false);
            onRevoked();
          }}
        />
      )}
    </Container>
  );
}
