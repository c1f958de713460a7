// The one delete confirmation of the console: a destructive action confirmed by typing the item's
// name when there is one, "delete" when there are several (the IAM console's pattern), with an
// optional progress bar while a bulk deletion runs. Used by every section's delete dialogs.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState, type ReactNode } from 'react';
import { ApiErrorAlert } from './api-error-alert.tsx';

/** What a person must type to confirm deleting `names`. */
export function confirmationWord(names: string[]): string {
  return names.length === 1 ? names[0]! : 'delete';
}

export interface ConfirmDeleteModalProps {
  header: string;
  names: string[];
  children?: ReactNode;
  loading?: boolean;
  error?: unknown;
  errorHeader?: string;
  confirmLabel?: string;
  /** The label of the confirmation field (default: "To confirm deletion, enter <word> in the text input field."). */
  inputLabel?: string;
  /** An accessible name for the field instead of its label. */
  inputAriaLabel?: string;
  /** Shown while the deletion runs (a progress bar); the dialog cannot be changed meanwhile. */
  progress?: ReactNode;
  onConfirm: () => void;
  onDismiss: () => void;
}

export function ConfirmDeleteModal({
  header,
  names,
  children,
  loading,
  error,
  errorHeader = 'Not everything was deleted',
  confirmLabel = 'Delete',
  inputLabel,
  inputAriaLabel,
  progress,
  onConfirm,
  onDismiss,
}: ConfirmDeleteModalProps) {
  const [typed, setTyped] = useState('');
  const word = confirmationWord(names);
  const ok = typed === word;
  const busy = Boolean(loading) || Boolean(progress);
  return (
    <Modal
      visible
      header={header}
      onDismiss={() => {
        if (!busy) onDismiss();
      }}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" disabled={busy} onClick={onDismiss}>
              Cancel
            </Button>
            <Button variant="primary" disabled={!ok} loading={busy} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {error !== undefined && error !== null && <ApiErrorAlert error={error} header={errorHeader} />}
        {progress}
        {children}
        <FormField label={inputLabel ?? `To confirm deletion, enter ${word} in the text input field.`}>
          <Input value={typed} placeholder={word} disabled={busy} {...(inputAriaLabel ? { ariaLabel: inputAriaLabel } : {})} onChange={({ detail }) => setTyped(detail.value)} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
