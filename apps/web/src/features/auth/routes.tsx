// Routes of the auth area shown inside the console layout (sign-in and change-password are in
// the public layout, registered by the router itself). "My security credentials" is in the users
// section (features/users/routes.tsx): it composes the users section's credential panels.
import type { RouteObject } from 'react-router';

export const authRoutes: RouteObject[] = [];
