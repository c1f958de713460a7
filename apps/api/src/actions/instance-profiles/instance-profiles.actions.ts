/** The instance-profiles area's actions (being built). */
import type { AnyAction } from '../action';

export const instanceProfilesActions: AnyAction[] = [];
