// A destructive action confirmed by typing: the item's name when there is one, "delete" when there
// are several (the IAM console's pattern). Shared by the users and groups sections.
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
  confirmLabel?: string;
  onConfirm: () => void;
  onDismiss: () => void;
}

export function ConfirmDeleteModal({ header, names, children, loading, error, confirmLabel = 'Delete', onConfirm, onDismiss }: ConfirmDeleteModalProps) {
  const [typed, setTyped] = useState('');
  const word = confirmationWord(names);
  const ok = typed === word;
  return (
    <Modal
      visible
      header={header}
      onDismiss={onDismiss}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onDismiss}>
              Cancel
            </Button>
            <Button variant="primary" disabled={!ok} loading={loading} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {error !== undefined && error !== null && <ApiErrorAlert error={error} header="Not everything was deleted" />}
        {children}
        <FormField label={`To confirm deletion, enter ${word} in the text input field.`}>
          <Input value={typed} placeholder={word} onChange={({ detail }) => setTyped(detail.value)} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
