/**
 * The schema of a string member whose every constraint AWS's service model states (length,
 * pattern): validate-input.ts checks them, in AWS's words, before an action's schema runs, so the
 * action's schema only says it is a string. Where AWS checks more than the model (ARN parsing,
 * policy grammar, hex thumbprints), the action keeps its own schema.
 */
import { z } from 'zod';

export const modelCheckedString = () => z.string();
