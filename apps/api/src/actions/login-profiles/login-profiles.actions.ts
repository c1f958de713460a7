/** The login-profiles area's actions (being built). */
import type { AnyAction } from '../action';

export const loginProfilesActions: AnyAction[] = [];
