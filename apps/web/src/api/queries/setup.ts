// First-run setup: whether the instance still needs its root user, and creating it.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../client.ts';

/** `GET /api/setup`. */
export interface SetupStatus {
  setupRequired: boolean;
}

/** `POST /api/setup` body. */
export interface SetupRequest {
  email: string;
  password: string;
  accountId?: string;
}

/** `POST /api/setup` reply (201). */
export interface SetupResult {
  accountId: string;
  rootEmail: string;
}

export const setupKeys = {
  status: ['setup', 'status'] as const,
};

/** Whether the instance has been set up; asked once per page load (setup happens once). */
export const setupStatusQuery = queryOptions({
  queryKey: setupKeys.status,
  queryFn: ({ signal }) => api.get<SetupStatus>('/api/setup', signal),
  staleTime: Infinity,
});

/** Creates the account and its root user. */
export function setUp(body: SetupRequest): Promise<SetupResult> {
  return api.post<SetupResult>('/api/setup', body);
}

export function useSetUpMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setUp,
    onSuccess: () => {
      queryClient.setQueryData(setupStatusQuery.queryKey, { setupRequired: false });
    },
  });
}
