// Pieces the Access Analyzer pages share: statuses, the link to a finding's resource, where a
// finding's page is, and the "Archive" / "Unarchive" / "Rescan" changes with their flash.
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useState } from 'react';
import type { AnalyzerSummary, AnalyzerType, FindingStatus } from '../../api/queries/access-analyzer.ts';
import { isUnusedAccessAnalyzer, useStartResourceScanMutation, useUpdateFindingsMutation } from '../../api/queries/access-analyzer.ts';
import { RouterLink } from '../../components/router-link.tsx';
import { sections } from '../../app/navigation.ts';
import { resourceHref, resourceName } from './format.ts';

export function FindingStatusIndicator({ status }: { status: FindingStatus }) {
  if (status === 'ACTIVE') return <StatusIndicator type="warning">Active</StatusIndicator>;
  if (status === 'ARCHIVED') return <StatusIndicator type="stopped">Archived</StatusIndicator>;
  return <StatusIndicator type="success">Resolved</StatusIndicator>;
}

export function AnalyzerStatusIndicator({ analyzer }: { analyzer: Pick<AnalyzerSummary, 'status' | 'statusReason'> }) {
  const reason = analyzer.statusReason ? ` (${analyzer.statusReason.code})` : '';
  switch (analyzer.status) {
    case 'ACTIVE':
      return <StatusIndicator type="success">Active</StatusIndicator>;
    case 'CREATING':
      return <StatusIndicator type="in-progress">Creating</StatusIndicator>;
    case 'DISABLED':
      return <StatusIndicator type="stopped">Disabled{reason}</StatusIndicator>;
    case 'FAILED':
      return <StatusIndicator type="error">Failed{reason}</StatusIndicator>;
  }
}

/** The resource's name, linked to its console page when it has one. */
export function ResourceLink({ arn }: { arn: string | undefined }) {
  const href = resourceHref(arn);
  return href ? <RouterLink href={href}>{resourceName(arn)}</RouterLink> : <>{resourceName(arn)}</>;
}

/** The findings page of an analyzer's kind. */
const findingsSectionOf = (type: AnalyzerType) => (isUnusedAccessAnalyzer(type) ? sections.accessAnalyzerUnusedAccess : sections.accessAnalyzerExternalAccess);

export const findingsHref = (analyzer: Pick<AnalyzerSummary, 'name' | 'type'>) => `${findingsSectionOf(analyzer.type).path}?analyzer=${encodeURIComponent(analyzer.name)}`;
export const findingHref = (analyzer: Pick<AnalyzerSummary, 'name' | 'type'>, id: string) => `${findingsSectionOf(analyzer.type).path}/${encodeURIComponent(analyzer.name)}/${encodeURIComponent(id)}`;

const plural = (n: number) => `${n} finding${n === 1 ? '' : 's'}`;

/**
 * Archive, Unarchive (UpdateFindings) and Rescan (StartResourceScan, once per resource) of some
 * findings, with the success message to flash and the error of the last attempt.
 */
export function useFindingChanges(analyzerArn: string | undefined) {
  const update = useUpdateFindingsMutation();
  const scan = useStartResourceScanMutation();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** Runs a change; true when it succeeded. */
  const run = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    setMessage(null);
    setError(null);
    try {
      await work();
      setMessage(done);
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  return {
    busy: update.isPending || scan.isPending,
    message,
    error,
    dismiss: () => {
      setMessage(null);
      setError(null);
    },
    setStatus: (ids: string[], status: 'ACTIVE' | 'ARCHIVED') =>
      run(() => update.mutateAsync({ analyzerArn: analyzerArn!, ids, status }), `${plural(ids.length)} ${status === 'ARCHIVED' ? 'archived' : 'unarchived'}.`),
    rescan: (resourceArns: string[]) => {
      const unique = [...new Set(resourceArns)];
      return run(
        () => Promise.all(unique.map((resourceArn) => scan.mutateAsync({ analyzerArn: analyzerArn!, resourceArn }))),
        `Rescanned ${unique.length} resource${unique.length === 1 ? '' : 's'}.`,
      );
    },
  };
}
