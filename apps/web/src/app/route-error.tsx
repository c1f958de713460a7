import { isRouteErrorResponse, useRouteError } from 'react-router';
import { FullPageError } from '../components/full-page-status.tsx';

/** Shown when a route fails to load or render (for example, a lazy chunk after a redeploy). */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    return <FullPageError error={new Error(`${error.status} ${error.statusText}`)} onRetry={() => window.location.reload()} />;
  }
  return <FullPageError error={error} onRetry={() => window.location.reload()} />;
}
