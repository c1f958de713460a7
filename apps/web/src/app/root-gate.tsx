// First guard: an instance without a root user can only be set up. The answer is asked once
// per page load; the setup page updates it when it succeeds.
import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { setupStatusQuery } from '../api/queries/setup.ts';
import { FullPageError, FullPageSpinner } from '../components/full-page-status.tsx';
import { useDocumentTitle } from './route-handle.ts';

export function RootGate() {
  useDocumentTitle();
  const location = useLocation();
  const status = useQuery(setupStatusQuery);

  if (status.isPending) return <FullPageSpinner label="Loading Portcullis" />;
  if (status.isError) return <FullPageError error={status.error} onRetry={() => void status.refetch()} />;
  if (status.data.setupRequired && location.pathname !== '/setup') return <Navigate to="/setup" replace />;
  return <Outlet />;
}
