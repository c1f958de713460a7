/**
 * Shared data shape for problems found in a policy (document and validate stages).
 * Mirrors IAM Access Analyzer's ValidatePolicyFinding so the console can show either.
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicyFinding.html
 */
import type { PathSegment, Span } from './json';

/** Severity, with Access Analyzer's names (what IAM itself stores: see acceptance/). */
export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** Where a finding points: a JSON path (keys and indexes) and, when known, the text span. */
export interface FindingLocation {
  path: PathSegment[];
  span?: Span;
}

/** One validation finding. `issueCode` uses Access Analyzer's codes where one exists. */
export interface Finding {
  findingType: FindingType;
  issueCode: string;
  findingDetails: string;
  locations: FindingLocation[];
}

/** Builds a finding located at a node (or a bare path). @internal */
export function finding(
  findingType: FindingType,
  issueCode: string,
  findingDetails: string,
  at: { path: PathSegment[]; span?: Span },
): Finding {
  const loc: FindingLocation = { path: at.path };
  // Synthetic spans (line 0) come from already-parsed objects and carry no information.
  if (at.span && at.span.start.line > 0) loc.span = at.span;
  return { findingType, issueCode, findingDetails, locations: [loc] };
}
