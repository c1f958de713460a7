// A modal form with AWS's footer: Cancel, and the primary action on the right. A failed submit
// shows its error above the fields, scrolled into view and focused (ApiErrorAlert).
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal, { type ModalProps } from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ReactNode } from 'react';
import { ApiErrorAlert } from './api-error-alert.tsx';

interface FormModalProps {
  header: string;
  submitLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  loading?: boolean;
  disabled?: boolean;
  size?: ModalProps['size'];
  /** The failed submit's error, if any; shown first and given focus. */
  error?: unknown;
  /** The error alert's header, e.g. "The AMI could not be registered". */
  errorHeader?: ReactNode;
  children: ReactNode;
}

export function FormModal({ header, submitLabel, onSubmit, onClose, loading, disabled, size, error, errorHeader, children }: FormModalProps) {
  return (
    <Modal
      visible
      header={header}
      onDismiss={onClose}
      {...(size ? { size } : {})}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" loading={loading} disabled={disabled} onClick={onSubmit}>
              {submitLabel}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      {error !== undefined && error !== null && (
        <Box margin={{ bottom: 'm' }}>
          <ApiErrorAlert error={error} header={errorHeader} focusOnShow />
        </Box>
      )}
      {children}
    </Modal>
  );
}
