// Second guard: console screens need a signed-in principal; one whose password must be changed
// first is held on the change-password page (as AWS does after "Require password reset").
import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { sessionQuery } from '../api/queries/session.ts';
import { FullPageError, FullPageSpinner } from '../components/full-page-status.tsx';

export function RequireSession() {
  const location = useLocation();
  const session = useQuery(sessionQuery);

  if (session.isPending) return <FullPageSpinner label="Checking your session" />;
  if (session.isError) return <FullPageError error={session.error} onRetry={() => void session.refetch()} />;
  if (session.data === null) {
    return <Navigate to="/signin" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (session.data.mustChangePassword && location.pathname !== '/change-password') {
    return <Navigate to="/change-password" replace />;
  }
  return <Outlet />;
}
