/** The audit-events area's actions (being built). */
import type { AnyAction } from '../action';

export const auditEventsActions: AnyAction[] = [];
