// "My security credentials": the signed-in principal's own credentials, as AWS's console has them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_user-change-own.html).
// The root user assigns its MFA here (the dashboard's "Add MFA for root user" links here). An IAM
// user manages their own console password (ChangePassword), MFA devices, access keys, SSH public
// keys and Git credentials — each section calls the IAM action for the caller's own user, so
// the user's policies decide (AWS's example "manage their own credentials" allows exactly
// these); a section its policies deny shows AWS's AccessDenied message in place, and a button
// whose action they refuse on the caller's own user is disabled with the reason.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Flashbar from '@cloudscape-design/components/flashbar';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { sessionQuery, useChangePasswordMutation } from '../../api/queries/session.ts';
import { useSelfServicePermissions, useSelfServicePermitted } from '../../app/permissions.ts';
import { RoleSessionNotice, roleSessionReason } from '../../components/role-session-notice.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { MfaDevicesSection } from '../../components/mfa-devices.tsx';
import { GitCredentialsSection } from './git-credentials-section.tsx';
import { AccessKeys } from './security-credentials-tab.tsx';
import { SshPublicKeysSection } from './ssh-public-keys-section.tsx';

interface PasswordForm {
  oldPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** What is wrong with the form, field by field (the server checks the password policy). */
export function passwordFormErrors(form: PasswordForm): Partial<Record<keyof PasswordForm, string>> {
  const errors: Partial<Record<keyof PasswordForm, string>> = {};
  if (form.oldPassword === '') errors.oldPassword = 'Enter your current password.';
  if (form.newPassword === '') errors.newPassword = 'Enter a new password.';
  else if (form.newPassword === form.oldPassword) errors.newPassword = 'The new password must differ from the current one.';
  if (form.confirmPassword !== form.newPassword) errors.confirmPassword = 'The passwords do not match.';
  return errors;
}

/** "Update console password": iam:ChangePassword for the caller, with the current password. */
function UpdatePasswordModal({ onClose, onChanged }: { onClose: () => void; onChanged: () => void }) {
  const change = useChangePasswordMutation();
  const [form, setForm] = useState<PasswordForm>({ oldPassword: '', newPassword: '', confirmPassword: '' });
  const [submitted, setSubmitted] = useState(false);
  const errors = submitted ? passwordFormErrors(form) : {};
  const set = (patch: Partial<PasswordForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = () => {
    setSubmitted(true);
    if (Object.keys(passwordFormErrors(form)).length > 0) return;
    change.mutate({ oldPassword: form.oldPassword, newPassword: form.newPassword }, { onSuccess: onChanged });
  };

  return (
    <FormModal
      header="Update console password"
      submitLabel="Update password"
      onSubmit={submit}
      onClose={onClose}
      loading={change.isPending}
      error={change.error}
      errorHeader="The password was not changed"
    >
      <SpaceBetween size="m">
        <FormField label="Current password" errorText={errors.oldPassword}>
          <Input type="password" autoComplete="current-password" value={form.oldPassword} onChange={({ detail }) => set({ oldPassword: detail.value })} />
        </FormField>
        <FormField label="New password" constraintText="The account's password policy applies." errorText={errors.newPassword}>
          <Input type="password" autoComplete="new-password" value={form.newPassword} onChange={({ detail }) => set({ newPassword: detail.value })} />
        </FormField>
        <FormField label="Confirm new password" errorText={errors.confirmPassword}>
          <Input type="password" autoComplete="new-password" value={form.confirmPassword} onChange={({ detail }) => set({ confirmPassword: detail.value })} />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

function ConsolePassword() {
  const [open, setOpen] = useState(false);
  const [changed, setChanged] = useState(false);
  // Asked about the caller's own user (AWS's example grants it on user/${aws:username}).
  const mayChange = useSelfServicePermitted('iam:ChangePassword');
  return (
    <Container
      header={
        <Header
          variant="h2"
          description="Your password for signing in to the console. The account's password policy applies."
          actions={
            <Button
              disabled={!mayChange.allowed}
              disabledReason={mayChange.reason}
              onClick={() => {
                setChanged(false);
                setOpen(true);
              }}
            >
              Update console password
            </Button>
          }
        >
          Console sign-in
        </Header>
      }
    >
      {changed ? (
        <Flashbar items={[{ type: 'success', id: 'changed', content: 'Your console password was updated.', dismissible: true, onDismiss: () => setChanged(false) }]} />
      ) : (
        <Box color="text-body-secondary">Change your password at any time; you need the current one.</Box>
      )}
      {open && (
        <UpdatePasswordModal
          onClose={() => setOpen(false)}
          onChanged={() => {
            setOpen(false);
            setChanged(true);
          }}
        />
      )}
    </Container>
  );
}

export function MySecurityCredentialsPage() {
  const session = useQuery(sessionQuery);
  const mayPerform = useSelfServicePermissions();
  const principal = session.data?.principal;
  if (!principal) return <Spinner size="large" />;
  const notForRoleSessions = roleSessionReason(session.data);
  if (notForRoleSessions) return <RoleSessionNotice title="My security credentials" reason={notForRoleSessions} />;

  if (principal.type === 'root') {
    return (
      <ContentLayout
        header={
          <Header variant="h1" description="The root user has unrestricted access to the account. Assign an MFA device to the root user to protect it.">
            My security credentials (root user)
          </Header>
        }
      >
        {/* The root user's devices are its own: no user name, as in ListMFADevices for the caller. */}
        <MfaDevicesSection />
      </ContentLayout>
    );
  }

  const userName = principal.userName ?? '';
  return (
    <ContentLayout header={<Header variant="h1" description={`The security credentials of ${userName}. What you can change here is decided by your policies.`}>My security credentials</Header>}>
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">Summary</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: 'User name', value: userName },
              {
                label: 'ARN',
                value: (
                  <span style={{ overflowWrap: 'anywhere' }}>
                    <CopyToClipboard variant="inline" textToCopy={principal.arn} copyButtonAriaLabel="Copy ARN" copySuccessText="ARN copied" copyErrorText="ARN failed to copy" />
                  </span>
                ),
              },
              { label: 'Account ID', value: principal.accountId },
            ]}
          />
        </Container>
        <ConsolePassword />
        <MfaDevicesSection userName={userName} mayPerform={mayPerform} />
        <AccessKeys userName={userName} mayPerform={mayPerform} />
        <SshPublicKeysSection userName={userName} mayPerform={mayPerform} />
        <GitCredentialsSection userName={userName} mayPerform={mayPerform} />
      </SpaceBetween>
    </ContentLayout>
  );
}
