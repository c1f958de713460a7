import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import { ApiErrorAlert } from './api-error-alert.tsx';

/** A page that could not load: the server's message and request ID, and a way to try again. */
export function PageErrorView({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <Box padding="xxl">
      <ApiErrorAlert
        error={error}
        header="Portcullis could not load this page"
        action={<Button onClick={onRetry}>Retry</Button>}
      />
    </Box>
  );
}
