// The data-cache key of the console's permissions (app/permissions.ts), on its own so the query
// client can refresh them after any change without loading the route table.
export const permissionKeys = {
  all: ['console-permissions'] as const,
  /** Per acting identity: switching role asks again. */
  forIdentity: (identityArn: string) => ['console-permissions', identityArn] as const,
};
