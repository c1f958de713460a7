// The change preview under the policy editor: before a new version is saved, which actions on
// which resources it adds or removes against the version in effect, and who is affected (the
// users, groups and roles the policy is attached to). Asked again, debounced, as the text changes
// while it is free of errors; the analysis is the server's (PreviewPolicyChange).
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { policyChangeQuery, type AccessChangeRow, type AttachedNames, type PolicyChangePreview } from '../../api/queries/policy-change.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';

/** How long the text must rest before the preview is asked for. */
const DEBOUNCE_MS = 500;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

interface Row extends AccessChangeRow {
  change: 'Added' | 'Removed';
}

function actionsText(row: AccessChangeRow): string {
  if (row.allActions) return `All ${row.serviceName ?? row.service} actions (${row.actionCount})`;
  const more = row.actionCount - row.actions.length;
  return row.actions.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function affectedText(attached: PolicyChangePreview['AttachedTo']): string {
  const part = (names: AttachedNames, one: string, many: string) =>
    names.Count === 0 ? undefined : `${plural(names.Count, one, many)} (${names.Names.join(', ')}${names.Count > names.Names.length ? ', …' : ''})`;
  const parts = [part(attached.Users, 'user', 'users'), part(attached.Groups, 'group', 'groups'), part(attached.Roles, 'role', 'roles')].filter(Boolean);
  return parts.length ? `Applies to ${parts.join(', ')}.` : 'The policy is not attached to any user, group or role.';
}

export function PolicyChangePreviewPanel({ policyArn, text, hasErrors }: { policyArn: string; text: string; hasErrors: boolean }) {
  const settled = useDebounced(text, DEBOUNCE_MS);
  const preview = useQuery({ ...policyChangeQuery(policyArn, settled), enabled: !hasErrors && settled.trim() !== '' });
  const rows: Row[] = preview.data
    ? [...preview.data.Added.map((r) => ({ ...r, change: 'Added' as const })), ...preview.data.Removed.map((r) => ({ ...r, change: 'Removed' as const }))]
    : [];
  const description = preview.data
    ? `Compared with the default version ${preview.data.DefaultVersionId}. ${affectedText(preview.data.AttachedTo)}`
    : 'What this change adds and removes, compared with the version in effect.';

  return (
    <Container header={<Header variant="h2" description={description}>Changes to permissions</Header>}>
      {hasErrors ? (
        <Box color="text-status-inactive">Resolve the errors in the policy to preview its changes.</Box>
      ) : preview.isError ? (
        <ApiErrorAlert error={preview.error} header="The changes could not be previewed" />
      ) : !preview.data ? (
        <StatusIndicator type="loading">Comparing with the default version</StatusIndicator>
      ) : rows.length === 0 ? (
        <StatusIndicator type="info">This version allows and denies the same access as the default version.</StatusIndicator>
      ) : (
        <SpaceBetween size="s">
          <Box>
            {`${plural(preview.data.Added.length, 'addition', 'additions')}, ${plural(preview.data.Removed.length, 'removal', 'removals')}.`}
            {preview.isFetching ? ' Updating…' : ''}
          </Box>
          <Table<Row>
            variant="embedded"
            wrapLines
            ariaLabels={{ tableLabel: 'Changes to permissions' }}
            items={rows}
            trackBy={(r) => `${r.change}|${r.effect}|${r.service}|${r.conditions}|${r.resources.join(',')}`}
            columnDefinitions={[
              {
                id: 'change',
                header: 'Change',
                cell: (r) =>
                  // Added access is what a reviewer must look at; a new Deny takes access away.
                  r.change === 'Added' ? (
                    <StatusIndicator type={r.effect === 'Allow' ? 'warning' : 'info'}>{r.effect === 'Allow' ? 'Allows' : 'Denies'}</StatusIndicator>
                  ) : (
                    <StatusIndicator type="stopped">{r.effect === 'Allow' ? 'No longer allows' : 'No longer denies'}</StatusIndicator>
                  ),
              },
              { id: 'service', header: 'Service', cell: (r) => r.serviceName ?? r.service },
              { id: 'actions', header: 'Actions', cell: (r) => actionsText(r) },
              { id: 'resources', header: 'Resources', cell: (r) => <span style={{ overflowWrap: 'anywhere' }}>{r.resources.join(', ')}</span> },
              { id: 'conditions', header: 'Request conditions', cell: (r) => (r.conditions ? <span style={{ overflowWrap: 'anywhere' }}>{r.conditions}</span> : 'None') },
            ]}
          />
        </SpaceBetween>
      )}
    </Container>
  );
}
