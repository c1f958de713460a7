/** The inline-policies area's actions (being built). */
import type { AnyAction } from '../action';

export const inlinePoliciesActions: AnyAction[] = [];
