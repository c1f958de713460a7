import Alert, { type AlertProps } from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import { QueryClientContext, type QueryClient } from '@tanstack/react-query';
import { useContext, useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../api/client.ts';

interface ApiErrorAlertProps {
  error: unknown;
  header?: ReactNode;
  action?: ReactNode;
  /** Replaces the server's message, e.g. a friendlier sentence for a known code. */
  message?: ReactNode;
  onDismiss?: AlertProps['onDismiss'];
  /**
   * Scroll the alert into view and move focus to it when it appears. By default this happens for
   * the errors of a change the person asked for (a mutation of the page's query client), so a
   * failed "Create" is never drawn out of sight; a list that failed to load does not steal focus.
   */
  focusOnShow?: boolean;
}

/** True when `error` is the error of a mutation the query client knows (a failed change). */
function isMutationError(client: QueryClient | undefined, error: unknown): boolean {
  if (!client || error === null || error === undefined) return false;
  return client
    .getMutationCache()
    .getAll()
    .some((mutation) => mutation.state.error === error);
}

/**
 * Moves a freshly shown error into view and focus (WCAG 3.3.1: identify the error to the person
 * where they are). Smooth scrolling is avoided so the focus and the viewport agree at once.
 */
export function revealError(element: HTMLElement | null): void {
  if (!element) return;
  element.scrollIntoView?.({ block: 'center', inline: 'nearest' });
  element.focus({ preventScroll: true });
}

/** The errors already scrolled to and focused. */
const revealed = new WeakSet<object>();

/** Shows a failed call the way the AWS console does: the server's message and its request ID. */
export function ApiErrorAlert({ error, header, action, message, onDismiss, focusOnShow }: ApiErrorAlertProps) {
  const text = message ?? (error instanceof Error ? error.message : String(error));
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  const client = useContext(QueryClientContext);
  const ref = useRef<HTMLDivElement>(null);
  const shouldFocus = focusOnShow ?? isMutationError(client, error);

  useEffect(() => {
    if (!shouldFocus) return;
    // Each error is brought to the person once: a tab or panel that mounts again later does not jump.
    if (typeof error === 'object' && error !== null) {
      if (revealed.has(error)) return;
      revealed.add(error);
    }
    revealError(ref.current);
    // Once per error shown (not on every render): a retry that fails again yields a new error
    // object and is revealed again.
  }, [error]);

  return (
    // role="alert" announces the message; tabIndex -1 lets it take focus without joining the tab order.
    <div ref={ref} role="alert" tabIndex={-1} style={{ overflowWrap: 'anywhere' }}>
      <Alert type="error" header={header} action={action} dismissible={onDismiss !== undefined} onDismiss={onDismiss}>
        {text}
        {requestId && (
          <Box variant="small" display="block" margin={{ top: 'xs' }}>
            Request ID: {requestId}
          </Box>
        )}
      </Alert>
    </div>
  );
}
