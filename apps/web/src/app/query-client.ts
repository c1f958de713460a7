import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';
import { sessionQuery } from '../api/queries/session.ts';
import { permissionKeys } from './permission-keys.ts';

/** A client error (4xx) will not change on retry; network and server errors might. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/** A 401 from any call other than signing in means the session ended (expired or revoked elsewhere). */
function endedSession(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code !== 'InvalidCredentials' && error.code !== 'InvalidAuthenticationCode';
}

export function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    // Forgetting the session sends the guard to the sign-in page, remembering where we were.
    if (endedSession(error)) queryClient.setQueryData(sessionQuery.queryKey, null);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({
      onError,
      // Any change may change what the caller may do (a policy attached, a boundary removed):
      // the navigation asks again rather than waiting for its answer to go stale.
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: permissionKeys.all }),
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
