/** The policies area's actions (being built). */
import type { AnyAction } from '../action';

export const policiesActions: AnyAction[] = [];
