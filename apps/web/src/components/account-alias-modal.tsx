// Create or edit the account alias (CreateAccountAlias replaces the previous one). Used by
// Account settings and the dashboard.
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { useCreateAccountAliasMutation } from '../api/queries/account.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { FormModal } from './form-modal.tsx';

const ALIAS = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

/**
 * Account alias: 3–63 lowercase letters, digits and single hyphens, no leading or trailing
 * hyphen, not a 12-digit number (it would read as an account ID).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccountAlias.html
 */
export function validateAccountAlias(alias: string): string | undefined {
  if (alias === '') return 'Enter an account alias.';
  if (alias.length < 3 || alias.length > 63) return 'The alias must have 3 to 63 characters.';
  if (!ALIAS.test(alias)) return 'Use lowercase letters, digits and single hyphens; the alias cannot start or end with a hyphen.';
  if (/^\d{12}$/.test(alias)) return 'The alias cannot be a 12-digit number.';
  return undefined;
}

export function AccountAliasModal({ current, onClose, onSaved }: { current: string | null; onClose: () => void; onSaved: (alias: string) => void }) {
  const create = useCreateAccountAliasMutation();
  const [alias, setAlias] = useState(current ?? '');
  const [submitted, setSubmitted] = useState(false);
  const error = submitted ? validateAccountAlias(alias) : undefined;
  const save = () => {
    setSubmitted(true);
    if (validateAccountAlias(alias)) return;
    create.mutate(alias, { onSuccess: () => onSaved(alias) });
  };
  return (
    <FormModal
      header={current ? 'Edit account alias' : 'Create account alias'}
      submitLabel="Save changes"
      onSubmit={save}
      onClose={onClose}
      loading={create.isPending}
    >
      <SpaceBetween size="m">
        {create.isError && <ApiErrorAlert error={create.error} header="The alias could not be saved" />}
        <FormField
          label="Preferred alias"
          description="The alias replaces the account ID in the sign-in URL. It must be unique across all Portcullis accounts."
          constraintText="3 to 63 characters: lowercase letters, digits and hyphens."
          errorText={error}
        >
          <Input value={alias} onChange={({ detail }) => setAlias(detail.value)} />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}
