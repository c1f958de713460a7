/** The simulation area's actions (being built). */
import type { AnyAction } from '../action';

export const simulationActions: AnyAction[] = [];
