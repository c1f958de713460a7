/** The account area's actions (being built). */
import type { AnyAction } from '../action';

export const accountActions: AnyAction[] = [];
