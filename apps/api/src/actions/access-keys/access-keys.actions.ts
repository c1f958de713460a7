/** The access-keys area's actions (being built). */
import type { AnyAction } from '../action';

export const accessKeysActions: AnyAction[] = [];
