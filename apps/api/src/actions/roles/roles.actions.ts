/** The roles area's actions (being built). */
import type { AnyAction } from '../action';

export const rolesActions: AnyAction[] = [];
