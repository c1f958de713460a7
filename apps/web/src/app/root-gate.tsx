// First guard: an instance without a root user can only be set up. A signed-in session proves
// the instance is set up, so the setup status is asked only when nobody is signed in: a signed-in
// page load costs one request here, not two. The setup page updates the status when it succeeds.
import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { sessionQuery } from '../api/queries/session.ts';
import { setupStatusQuery } from '../api/queries/setup.ts';
import { FullPageError, FullPageSpinner } from '../components/full-page-status.tsx';
import { useDocumentTitle } from './route-handle.ts';

export function RootGate() {
  useDocumentTitle();
  const location = useLocation();
  const session = useQuery(sessionQuery);
  const signedOut = session.isSuccess && session.data === null;
  const status = useQuery({ ...setupStatusQuery, enabled: signedOut });

  if (session.isSuccess && session.data !== null) return <Outlet />;
  if (session.isError) return <FullPageError error={session.error} onRetry={() => void session.refetch()} />;
  if (session.isPending || status.isPending) return <FullPageSpinner label="Loading Portcullis" />;
  if (status.isError) return <FullPageError error={status.error} onRetry={() => void status.refetch()} />;
  if (status.data.setupRequired && location.pathname !== '/setup') return <Navigate to="/setup" replace />;
  return <Outlet />;
}
