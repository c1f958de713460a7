// A modal form with AWS's footer: Cancel, and the primary action on the right.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal, { type ModalProps } from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ReactNode } from 'react';

interface FormModalProps {
  header: string;
  submitLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  loading?: boolean;
  disabled?: boolean;
  size?: ModalProps['size'];
  children: ReactNode;
}

export function FormModal({ header, submitLabel, onSubmit, onClose, loading, disabled, size, children }: FormModalProps) {
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
      {children}
    </Modal>
  );
}
