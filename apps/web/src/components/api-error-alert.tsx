import Alert, { type AlertProps } from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';

interface ApiErrorAlertProps {
  error: unknown;
  header?: ReactNode;
  action?: ReactNode;
  /** Replaces the server's message, e.g. a friendlier sentence for a known code. */
  message?: ReactNode;
  onDismiss?: AlertProps['onDismiss'];
}

/** Shows a failed call the way the AWS console does: the server's message and its request ID. */
export function ApiErrorAlert({ error, header, action, message, onDismiss }: ApiErrorAlertProps) {
  const text = message ?? (error instanceof Error ? error.message : String(error));
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert type="error" header={header} action={action} dismissible={onDismiss !== undefined} onDismiss={onDismiss}>
      {text}
      {requestId && (
        <Box variant="small" display="block" margin={{ top: 'xs' }}>
          Request ID: {requestId}
        </Box>
      )}
    </Alert>
  );
}
