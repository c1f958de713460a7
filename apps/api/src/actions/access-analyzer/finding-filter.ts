/**
 * Access Analyzer's filter criteria (archive rules, ListFindings): a map of finding attribute →
 * Criterion {eq, neq, contains, exists}. Every criterion must hold (AND); within one, `eq` and
 * `contains` hold when one value matches (OR), `neq` when none equals.
 * Keys: id, status, resource, resourceType, resourceOwnerAccount, isPublic, findingType, action,
 * error, principal.<Type> (principal.AWS, principal.Federated) and condition.<key>.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-filter-keys.html
 */
import { z } from 'zod';
import { messages } from '../../messages';

const ValueList = z.array(z.string().min(1).max(1024)).min(1).max(20);
export const CriterionSchema = z
  .object({ eq: ValueList.optional(), neq: ValueList.optional(), contains: ValueList.optional(), exists: z.boolean().optional() })
  .refine((c) => c.eq !== undefined || c.neq !== undefined || c.contains !== undefined || c.exists !== undefined, messages.accessAnalyzer.emptyCriterion);
export const FilterSchema = z.record(z.string().min(1).max(256), CriterionSchema);
export type Filter = z.infer<typeof FilterSchema>;

/** The attributes of a finding the filter reads. */
export interface FilterableFinding {
  id: string;
  status: string;
  /** ExternalAccess, or an unused access type (UnusedIAMRole, UnusedPermission…). */
  findingType: string;
  resource: string;
  resourceType: string;
  resourceOwnerAccount: string;
  isPublic: boolean;
  principal: Record<string, string>;
  condition: Record<string, string>;
  action: string[];
}

/** The values of one attribute, or undefined when the finding has none. */
function valuesOf(f: FilterableFinding, key: string): string[] | undefined {
  if (key.startsWith('principal.')) {
    const v = f.principal[key.slice('principal.'.length)];
    return v === undefined ? undefined : [v];
  }
  if (key.startsWith('condition.')) {
    const wanted = key.slice('condition.'.length).toLowerCase();
    const found = Object.entries(f.condition).find(([k]) => k.toLowerCase() === wanted);
    return found ? [found[1]] : undefined;
  }
  switch (key) {
    case 'id':
    case 'status':
    case 'findingType':
    case 'resource':
    case 'resourceType':
    case 'resourceOwnerAccount':
      return [f[key]];
    case 'isPublic':
      return [String(f.isPublic)];
    case 'action':
      return f.action.length ? f.action : undefined;
    case 'principal':
      return Object.keys(f.principal).length ? Object.values(f.principal) : undefined;
    default:
      return undefined;
  }
}

export function matchesFilter(f: FilterableFinding, filter: Filter): boolean {
  return Object.entries(filter).every(([key, c]) => {
    const values = valuesOf(f, key);
    if (c.exists !== undefined && (values !== undefined) !== c.exists) return false;
    if (c.eq && !(values ?? []).some((v) => c.eq!.includes(v))) return false;
    if (c.neq && (values ?? []).some((v) => c.neq!.includes(v))) return false;
    if (c.contains && !(values ?? []).some((v) => c.contains!.some((part) => v.includes(part)))) return false;
    return true;
  });
}
