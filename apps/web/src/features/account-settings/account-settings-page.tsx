// Account settings: the password policy (view, edit, back to IAM's default) and the account
// alias (create, edit, delete), which names the console sign-in URL.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Flashbar from '@cloudscape-design/components/flashbar';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  accountAliasQuery,
  passwordPolicyQuery,
  useDeleteAccountAliasMutation,
  useDeletePasswordPolicyMutation,
  useUpdatePasswordPolicyMutation,
  type PasswordPolicy,
} from '../../api/queries/account.ts';
import { sessionQuery, useConsoleBaseUrl } from '../../api/queries/session.ts';
import { AccountAliasModal } from '../../components/account-alias-modal.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import {
  describePolicy,
  formFromPolicy,
  formToInput,
  IAM_DEFAULT_RULES,
  validatePasswordPolicyForm,
  type PasswordPolicyForm,
} from './password-policy-form.ts';

export function PasswordPolicyEditor({ policy, onDone }: { policy: PasswordPolicy | null; onDone: (message: string) => void }) {
  const update = useUpdatePasswordPolicyMutation();
  const remove = useDeletePasswordPolicyMutation();
  const [mode, setMode] = useState<'default' | 'custom'>(policy ? 'custom' : 'custom');
  const [form, setForm] = useState<PasswordPolicyForm>(formFromPolicy(policy));
  const [submitted, setSubmitted] = useState(false);
  const errors = submitted && mode === 'custom' ? validatePasswordPolicyForm(form) : {};
  const set = (patch: Partial<PasswordPolicyForm>) => setForm((f) => ({ ...f, ...patch }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (mode === 'default') {
      if (!policy) return onDone('The account uses the IAM default password policy.');
      remove.mutate(undefined, { onSuccess: () => onDone('Password policy set to IAM default.') });
      return;
    }
    if (Object.keys(validatePasswordPolicyForm(form)).length > 0) return;
    update.mutate(formToInput(form), { onSuccess: () => onDone('Password policy updated.') });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Form
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" variant="link" onClick={() => onDone('')}>
              Cancel
            </Button>
            <Button variant="primary" formAction="submit" loading={update.isPending || remove.isPending}>
              Save changes
            </Button>
          </SpaceBetween>
        }
      >
        <Container header={<Header variant="h2">Edit password policy</Header>}>
          <SpaceBetween size="l">
            {update.isError && <ApiErrorAlert error={update.error} header="The password policy could not be saved" />}
            {remove.isError && <ApiErrorAlert error={remove.error} header="The password policy could not be deleted" />}
            <RadioGroup
              ariaLabel="Password policy"
              value={mode}
              onChange={({ detail }) => setMode(detail.value as 'default' | 'custom')}
              items={[
                { value: 'default', label: 'IAM default', description: 'Apply default password requirements.' },
                { value: 'custom', label: 'Custom', description: 'Apply customized password requirements.' },
              ]}
            />
            {mode === 'custom' && (
              <SpaceBetween size="l">
                <FormField label="Password minimum length" constraintText="Needs to be between 6 and 128." errorText={errors.minimumLength}>
                  <Input type="number" inputMode="numeric" value={form.minimumLength} onChange={({ detail }) => set({ minimumLength: detail.value })} />
                </FormField>
                <FormField label="Password strength">
                  <SpaceBetween size="xxs">
                    <Checkbox checked={form.requireUppercase} onChange={({ detail }) => set({ requireUppercase: detail.checked })}>
                      Require at least one uppercase letter from the Latin alphabet (A-Z)
                    </Checkbox>
                    <Checkbox checked={form.requireLowercase} onChange={({ detail }) => set({ requireLowercase: detail.checked })}>
                      Require at least one lowercase letter from the Latin alphabet (a-z)
                    </Checkbox>
                    <Checkbox checked={form.requireNumbers} onChange={({ detail }) => set({ requireNumbers: detail.checked })}>
                      Require at least one number
                    </Checkbox>
                    <Checkbox checked={form.requireSymbols} onChange={({ detail }) => set({ requireSymbols: detail.checked })}>
                      {"Require at least one non-alphanumeric character (! @ # $ % ^ & * ( ) _ + - = [ ] { } | ')"}
                    </Checkbox>
                  </SpaceBetween>
                </FormField>
                <FormField label="Other requirements">
                  <SpaceBetween size="xs">
                    <Checkbox checked={form.expire} onChange={({ detail }) => set({ expire: detail.checked })}>
                      Turn on password expiration
                    </Checkbox>
                    {form.expire && (
                      <FormField label="Expire passwords in day(s)" constraintText="Needs to be between 1 and 1095 days." errorText={errors.maxAge}>
                        <Input type="number" inputMode="numeric" value={form.maxAge} onChange={({ detail }) => set({ maxAge: detail.value })} />
                      </FormField>
                    )}
                    {form.expire && (
                      <Checkbox checked={form.hardExpiry} onChange={({ detail }) => set({ hardExpiry: detail.checked })}>
                        Password expiration requires administrator reset
                      </Checkbox>
                    )}
                    <Checkbox checked={form.allowChange} onChange={({ detail }) => set({ allowChange: detail.checked })}>
                      Allow users to change their own password
                    </Checkbox>
                    <Checkbox checked={form.preventReuse} onChange={({ detail }) => set({ preventReuse: detail.checked })}>
                      Prevent password reuse
                    </Checkbox>
                    {form.preventReuse && (
                      <FormField label="Remember password(s)" constraintText="Needs to be between 1 and 24 passwords." errorText={errors.reuseCount}>
                        <Input type="number" inputMode="numeric" value={form.reuseCount} onChange={({ detail }) => set({ reuseCount: detail.value })} />
                      </FormField>
                    )}
                  </SpaceBetween>
                </FormField>
              </SpaceBetween>
            )}
          </SpaceBetween>
        </Container>
      </Form>
    </form>
  );
}

export function AccountSettingsPage() {
  const consoleBaseUrl = useConsoleBaseUrl();
  const session = useQuery(sessionQuery);
  const policy = useQuery(passwordPolicyQuery);
  const alias = useQuery(accountAliasQuery);
  const removeAlias = useDeleteAccountAliasMutation();
  const [editing, setEditing] = useState(false);
  const [aliasModal, setAliasModal] = useState(false);
  const [confirmAliasDelete, setConfirmAliasDelete] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const accountId = session.data?.principal.accountId ?? '';
  const signInUrl = `${consoleBaseUrl}/signin?account=${alias.data ?? accountId}`;

  return (
    <ContentLayout
      header={<Header variant="h1">Account settings</Header>}
      notifications={flash && <Flashbar items={[{ id: 'flash', type: 'success', content: flash, dismissible: true, onDismiss: () => setFlash(null) }]} />}
    >
      <SpaceBetween size="l">
        {policy.isError && <ApiErrorAlert error={policy.error} header="The password policy could not be loaded" />}
        {editing && policy.isSuccess ? (
          <PasswordPolicyEditor
            policy={policy.data}
            onDone={(message) => {
              setEditing(false);
              if (message) setFlash(message);
            }}
          />
        ) : (
          <Container
            header={
              <Header
                variant="h2"
                description="A password policy is a set of rules that define complexity requirements and mandatory rotation periods for your IAM users' passwords."
                actions={
                  <Button disabled={!policy.isSuccess} onClick={() => setEditing(true)}>
                    Edit
                  </Button>
                }
              >
                Password policy
              </Header>
            }
          >
            {policy.isLoading && <Spinner />}
            {policy.isSuccess && (
              <SpaceBetween size="xs">
                <Box>{policy.data ? 'This AWS account uses the following custom password policy:' : 'This AWS account uses the following default password policy:'}</Box>
                <ul aria-label="Password policy rules">
                  {(policy.data ? describePolicy(policy.data) : IAM_DEFAULT_RULES).map((rule) => (
                    <li key={rule}>{rule}</li>
                  ))}
                </ul>
              </SpaceBetween>
            )}
          </Container>
        )}
        <Container
          header={
            <Header
              variant="h2"
              description="An account alias replaces the account ID in the web address of the console sign-in page."
              actions={
                <SpaceBetween direction="horizontal" size="xs">
                  {alias.data && (
                    <Button onClick={() => setConfirmAliasDelete(true)} loading={removeAlias.isPending}>
                      Delete
                    </Button>
                  )}
                  <Button disabled={!alias.isSuccess} onClick={() => setAliasModal(true)}>
                    {alias.data ? 'Edit' : 'Create'}
                  </Button>
                </SpaceBetween>
              }
            >
              Account alias
            </Header>
          }
        >
          <SpaceBetween size="m">
            {alias.isError && <ApiErrorAlert error={alias.error} header="The account alias could not be loaded" />}
            {removeAlias.isError && <ApiErrorAlert error={removeAlias.error} header="The alias could not be deleted" />}
            <KeyValuePairs
              columns={3}
              items={[
                { label: 'Account ID', value: accountId },
                { label: 'Account alias', value: alias.isLoading ? <Spinner /> : (alias.data ?? '-') },
                {
                  label: 'Sign-in URL for IAM users in this account',
                  value: <CopyToClipboard variant="inline" textToCopy={signInUrl} copyButtonAriaLabel="Copy sign-in URL" copySuccessText="Sign-in URL copied" copyErrorText="Sign-in URL failed to copy" />,
                },
              ]}
            />
          </SpaceBetween>
        </Container>
      </SpaceBetween>
      {aliasModal && (
        <AccountAliasModal
          current={alias.data ?? null}
          onClose={() => setAliasModal(false)}
          onSaved={(saved) => {
            setAliasModal(false);
            setFlash(`Account alias ${saved} saved.`);
          }}
        />
      )}
      {confirmAliasDelete && alias.data && (
        <Modal
          visible
          onDismiss={() => setConfirmAliasDelete(false)}
          header="Delete account alias?"
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setConfirmAliasDelete(false)}>
                  Cancel
                </Button>
                <Button
                  variant="primary"
                  onClick={() => {
                    const old = alias.data!;
                    setConfirmAliasDelete(false);
                    removeAlias.mutate(old, { onSuccess: () => setFlash(`Account alias ${old} deleted.`) });
                  }}
                >
                  Delete
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          {`The sign-in URL with ${alias.data} stops working; users sign in with the account ID ${accountId} instead.`}
        </Modal>
      )}
    </ContentLayout>
  );
}
