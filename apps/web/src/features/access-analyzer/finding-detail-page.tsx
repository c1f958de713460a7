// One finding (GetFindingV2): its summary with the resource's page, then what it is about — the
// external access (principal, condition, actions) or the unused role, access key, password or
// permissions with when they were last used, and for unused permissions the recommended policy
// change (GenerateFindingRecommendation, then GetFindingRecommendation until it is ready).
// Archive / Unarchive, and Rescan for external access.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Flashbar from '@cloudscape-design/components/flashbar';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import {
  analyzerQuery,
  findingRecommendationQuery,
  findingV2Query,
  useGenerateRecommendationMutation,
  type FindingDetails,
  type FindingV2,
} from '../../api/queries/access-analyzer.ts';
import { buttonActions } from '../../app/navigation.ts';
import { usePermitted } from '../../app/permissions.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { formatDateTime } from '../../components/date-format.ts';
import { ArnCopy, EntityDetailPage, type SummaryItem } from '../../components/entity-detail.tsx';
import { FINDING_TYPE_LABELS } from './filters.ts';
import { accessLevel, conditionText, principalText, sharedThrough } from './format.ts';
import { FindingStatusIndicator, ResourceLink, useFindingChanges } from './shared.tsx';

/** A policy document indented for reading (as it came when it is no JSON). */
function indented(document: string): string {
  try {
    return JSON.stringify(JSON.parse(document), null, 2);
  } catch {
    return document;
  }
}

const lastAccessed = (value: string | undefined) => (value ? formatDateTime(value) : 'Never (within the tracking period)');

function ExternalAccess({ details }: { details: NonNullable<FindingDetails['externalAccessDetails']> }) {
  return (
    <Container header={<Header variant="h2">External access</Header>}>
      <KeyValuePairs
        columns={3}
        items={[
          { label: 'External principal', value: principalText(details.principal, details.isPublic) },
          { label: 'Public access', value: details.isPublic ? <StatusIndicator type="warning">Public</StatusIndicator> : 'No' },
          { label: 'Condition', value: conditionText(details.condition) },
          { label: 'Access level', value: accessLevel(details.action) },
          { label: 'Actions', value: details.action?.length ? details.action.join(', ') : '-' },
          { label: 'Shared through', value: sharedThrough(details.sources) },
        ]}
      />
    </Container>
  );
}

function UnusedPermissions({ details }: { details: NonNullable<FindingDetails['unusedPermissionDetails']>[] }) {
  return (
    <Table
      header={<Header variant="h2" counter={`(${details.length})`} description="Services with permissions that were not used within the tracking period, with the unused actions when known.">Unused permissions</Header>}
      items={details}
      trackBy="serviceNamespace"
      variant="container"
      ariaLabels={{ tableLabel: 'Unused permissions' }}
      columnDefinitions={[
        { id: 'service', header: 'Service', cell: (d) => d.serviceNamespace },
        { id: 'lastAccessed', header: 'Last accessed', cell: (d) => lastAccessed(d.lastAccessed) },
        {
          id: 'actions',
          header: 'Unused actions',
          cell: (d) => (d.actions?.length ? d.actions.map((a) => `${a.action}${a.lastAccessed ? ` (last accessed ${formatDateTime(a.lastAccessed)})` : ''}`).join(', ') : 'All actions of the service'),
        },
      ]}
    />
  );
}

/** The unused role, access key or password, with when it was last used. */
function UnusedCredential({ details }: { details: FindingDetails }) {
  const items: SummaryItem[] = [];
  if (details.unusedIamRoleDetails) items.push({ label: 'Role last used', value: lastAccessed(details.unusedIamRoleDetails.lastAccessed) });
  if (details.unusedIamUserAccessKeyDetails) {
    items.push({ label: 'Access key ID', value: details.unusedIamUserAccessKeyDetails.accessKeyId }, { label: 'Access key last used', value: lastAccessed(details.unusedIamUserAccessKeyDetails.lastAccessed) });
  }
  if (details.unusedIamUserPasswordDetails) items.push({ label: 'Password last used', value: lastAccessed(details.unusedIamUserPasswordDetails.lastAccessed) });
  return (
    <Container header={<Header variant="h2">Last accessed</Header>}>
      <KeyValuePairs columns={2} items={items} />
    </Container>
  );
}

/** The recommended policy change of an unused permissions finding. */
function Recommendation({ analyzerArn, id }: { analyzerArn: string; id: string }) {
  const recommendation = useQuery(findingRecommendationQuery(analyzerArn, id));
  const generate = useGenerateRecommendationMutation();
  // AWS answers ResourceNotFoundException until a recommendation has been generated.
  const notGenerated = isApiError(recommendation.error, 'ResourceNotFoundException');
  const r = recommendation.data;
  return (
    <Container
      header={
        <Header
          variant="h2"
          description="The policy changes that would remove the unused permissions."
          actions={
            <Button loading={generate.isPending || r?.status === 'IN_PROGRESS'} onClick={() => generate.mutate({ analyzerArn, id })}>
              {r ? 'Regenerate recommendation' : 'Generate recommendation'}
            </Button>
          }
        >
          Recommended policy changes
        </Header>
      }
    >
      <SpaceBetween size="m">
        {generate.isError && <ApiErrorAlert error={generate.error} header="The recommendation could not be generated" />}
        {recommendation.isPending && <StatusIndicator type="loading">Loading</StatusIndicator>}
        {notGenerated && <Box color="text-status-inactive">No recommendation has been generated for this finding.</Box>}
        {recommendation.isError && !notGenerated && <ApiErrorAlert error={recommendation.error} header="The recommendation could not be loaded" />}
        {r?.status === 'IN_PROGRESS' && <StatusIndicator type="in-progress">Generating the recommendation</StatusIndicator>}
        {r?.status === 'FAILED' && <ApiErrorAlert error={new Error(r.error?.message ?? 'The recommendation failed.')} header={r.error?.code ?? 'Failed'} />}
        {r?.status === 'SUCCEEDED' &&
          (r.recommendedSteps ?? []).map((step, i) => {
            const s = step.unusedPermissionsRecommendedStep;
            if (!s) return null;
            return (
              <SpaceBetween key={i} size="xs">
                <KeyValuePairs
                  columns={3}
                  items={[
                    { label: 'Recommended action', value: s.recommendedAction === 'DETACH_POLICY' ? 'Detach policy' : 'Create policy' },
                    { label: 'Existing policy', value: s.existingPolicyId ?? '-' },
                    { label: 'Policy last updated', value: formatDateTime(s.policyUpdatedAt) },
                  ]}
                />
                {s.recommendedPolicy && (
                  <Box variant="code" display="block">
                    <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }} aria-label={`Recommended policy ${i + 1}`}>
                      {indented(s.recommendedPolicy)}
                    </pre>
                  </Box>
                )}
              </SpaceBetween>
            );
          })}
      </SpaceBetween>
    </Container>
  );
}

function FindingSections({ finding, analyzerArn }: { finding: FindingV2; analyzerArn: string }) {
  const external = finding.findingDetails.flatMap((d) => (d.externalAccessDetails ? [d.externalAccessDetails] : []));
  const permissions = finding.findingDetails.flatMap((d) => (d.unusedPermissionDetails ? [d.unusedPermissionDetails] : []));
  const credentials = finding.findingDetails.filter((d) => d.unusedIamRoleDetails || d.unusedIamUserAccessKeyDetails || d.unusedIamUserPasswordDetails);
  return (
    <SpaceBetween size="l">
      {external.map((d, i) => (
        <ExternalAccess key={i} details={d} />
      ))}
      {credentials.map((d, i) => (
        <UnusedCredential key={i} details={d} />
      ))}
      {permissions.length > 0 && <UnusedPermissions details={permissions} />}
      {finding.findingType === 'UnusedPermission' && <Recommendation analyzerArn={analyzerArn} id={finding.id} />}
    </SpaceBetween>
  );
}

export function FindingDetailPage() {
  const { analyzerName = '', findingId = '' } = useParams();
  const analyzer = useQuery(analyzerQuery(analyzerName));
  const arn = analyzer.data?.arn;
  const finding = useQuery({ ...findingV2Query(arn ?? '', findingId), enabled: arn !== undefined });
  const changes = useFindingChanges(arn);
  const archivePermitted = usePermitted(buttonActions.updateFindings);
  const f = finding.data;

  const summary: SummaryItem[] | undefined = f && [
    { label: 'Resource', value: <ResourceLink arn={f.resource} /> },
    { label: 'Resource ARN', value: f.resource ? <ArnCopy arn={f.resource} label="Resource ARN" /> : '-' },
    { label: 'Resource type', value: f.resourceType },
    { label: 'Finding type', value: f.findingType ? (FINDING_TYPE_LABELS[f.findingType] ?? f.findingType) : '-' },
    { label: 'Status', value: <FindingStatusIndicator status={f.status} /> },
    { label: 'Resource owner account', value: f.resourceOwnerAccount },
    { label: 'Analyzer', value: analyzerName },
    { label: 'Created', value: formatDateTime(f.createdAt) },
    { label: 'Updated', value: formatDateTime(f.updatedAt) },
    { label: 'Last analyzed', value: formatDateTime(f.analyzedAt) },
    ...(f.error ? [{ label: 'Error', value: f.error }] : []),
  ];

  return (
    <EntityDetailPage
      title={findingId}
      error={analyzer.error ?? finding.error}
      errorHeader="The finding could not be loaded"
      summary={summary}
      notifications={
        changes.message && <Flashbar items={[{ id: 'changed', type: 'success', content: changes.message, dismissible: true, dismissLabel: 'Dismiss message', onDismiss: changes.dismiss }]} />
      }
      banner={changes.error !== null && <ApiErrorAlert error={changes.error} header="The finding could not be changed" focusOnShow onDismiss={changes.dismiss} />}
      actions={
        f && (
          <SpaceBetween direction="horizontal" size="xs">
            {f.findingType === 'ExternalAccess' && f.resource && (
              <Button disabled={changes.busy} onClick={() => void changes.rescan([f.resource!])}>
                Rescan
              </Button>
            )}
            {f.status !== 'RESOLVED' && (
              <Button
                disabled={changes.busy || !archivePermitted.allowed}
                disabledReason={archivePermitted.reason}
                loading={changes.busy}
                onClick={() => void changes.setStatus([f.id], f.status === 'ACTIVE' ? 'ARCHIVED' : 'ACTIVE')}
              >
                {f.status === 'ACTIVE' ? 'Archive' : 'Unarchive'}
              </Button>
            )}
          </SpaceBetween>
        )
      }
      sections={f && arn && <FindingSections finding={f} analyzerArn={arn} />}
    />
  );
}
