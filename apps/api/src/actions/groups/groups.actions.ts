/** The groups area's actions (being built). */
import type { AnyAction } from '../action';

export const groupsActions: AnyAction[] = [];
