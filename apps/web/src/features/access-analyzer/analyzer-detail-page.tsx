// One analyzer: its summary (ARN, type, zone of trust, status, tracking period) and its archive
// rules — create, edit, delete, and apply (archive the active findings a rule matches now).
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Flashbar from '@cloudscape-design/components/flashbar';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  analyzerQuery,
  archiveRulesQuery,
  isUnusedAccessAnalyzer,
  useApplyArchiveRuleMutation,
  useDeleteArchiveRuleMutation,
  type AnalyzerSummary,
  type ArchiveRule,
} from '../../api/queries/access-analyzer.ts';
import { buttonActions, sections } from '../../app/navigation.ts';
import { usePermitted } from '../../app/permissions.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { formatDateTime } from '../../components/date-format.ts';
import { ArnCopy, EntityDetailPage, useFollow, type SummaryItem } from '../../components/entity-detail.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { ArchiveRuleModal } from './archive-rule-modal.tsx';
import { EditTrackingPeriodModal } from './create-analyzer-modal.tsx';
import { DeleteAnalyzerModal } from './delete-analyzer-modal.tsx';
import { describeCriteria } from './filters.ts';
import { ANALYZER_TYPE_LABELS, zoneOfTrust } from './format.ts';
import { AnalyzerStatusIndicator, findingsHref } from './shared.tsx';

function ArchiveRules({ analyzer, onFlash }: { analyzer: AnalyzerSummary; onFlash: (message: string) => void }) {
  const rules = useQuery(archiveRulesQuery(analyzer.name));
  const apply = useApplyArchiveRuleMutation();
  const remove = useDeleteArchiveRuleMutation();
  const createPermitted = usePermitted(buttonActions.createArchiveRule);
  const [selected, setSelected] = useState<ArchiveRule[]>([]);
  const [editing, setEditing] = useState<ArchiveRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState(false);
  const chosen = selected[0];

  return (
    <>
      {rules.isError && <ApiErrorAlert error={rules.error} header="The archive rules could not be loaded" />}
      {apply.isError && <ApiErrorAlert error={apply.error} header="The archive rule could not be applied" />}
      <Table<ArchiveRule>
        items={rules.data ?? []}
        trackBy="ruleName"
        variant="container"
        selectionType="single"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        loading={rules.isPending}
        loadingText="Loading archive rules"
        ariaLabels={{ tableLabel: 'Archive rules', selectionGroupLabel: 'Archive rules selection', itemSelectionLabel: (_s, r) => r.ruleName }}
        header={
          <Header
            variant="h2"
            counter={rules.data ? `(${rules.data.length})` : undefined}
            description="New findings that match a rule are archived as they are created. Apply a rule to archive the active findings it matches now."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={!chosen} onClick={() => setDeleting(true)}>
                  Delete
                </Button>
                <Button disabled={!chosen} onClick={() => chosen && setEditing(chosen)}>
                  Edit
                </Button>
                <Button
                  disabled={!chosen}
                  loading={apply.isPending}
                  onClick={() => chosen && apply.mutate({ analyzerArn: analyzer.arn, ruleName: chosen.ruleName }, { onSuccess: () => onFlash(`Active findings matching ${chosen.ruleName} archived.`) })}
                >
                  Archive active findings
                </Button>
                <Button disabled={!createPermitted.allowed} disabledReason={createPermitted.reason} onClick={() => setEditing('new')}>
                  Create archive rule
                </Button>
              </SpaceBetween>
            }
          >
            Archive rules
          </Header>
        }
        empty={<Box textAlign="center">No archive rules</Box>}
        columnDefinitions={[
          { id: 'name', header: 'Rule name', cell: (r) => r.ruleName },
          {
            id: 'criteria',
            header: 'Filter criteria',
            cell: (r) => (
              <SpaceBetween size="xxxs">
                {describeCriteria(r.filter).map((line) => (
                  <span key={line}>{line}</span>
                ))}
              </SpaceBetween>
            ),
          },
          { id: 'updated', header: 'Updated', cell: (r) => formatDateTime(r.updatedAt) },
        ]}
      />
      {editing && (
        <ArchiveRuleModal
          analyzer={analyzer}
          {...(editing !== 'new' ? { rule: editing } : {})}
          onClose={() => setEditing(null)}
          onSaved={(ruleName) => {
            onFlash(editing === 'new' ? `Archive rule ${ruleName} created.` : `Archive rule ${ruleName} saved.`);
            setEditing(null);
            setSelected([]);
          }}
        />
      )}
      {deleting && chosen && (
        <ConfirmDeleteModal
          header={`Delete ${chosen.ruleName}?`}
          names={[chosen.ruleName]}
          loading={remove.isPending}
          error={remove.error}
          errorHeader="The archive rule could not be deleted"
          onConfirm={() =>
            remove.mutate(
              { analyzerName: analyzer.name, ruleName: chosen.ruleName },
              {
                onSuccess: () => {
                  onFlash(`Archive rule ${chosen.ruleName} deleted.`);
                  setDeleting(false);
                  setSelected([]);
                },
              },
            )
          }
          onDismiss={() => setDeleting(false)}
        >
          <Box>Findings the rule archived stay archived; new findings are no longer archived by it.</Box>
        </ConfirmDeleteModal>
      )}
    </>
  );
}

export function AnalyzerDetailPage() {
  const { analyzerName = '' } = useParams();
  const navigate = useNavigate();
  const follow = useFollow();
  const analyzer = useQuery(analyzerQuery(analyzerName));
  const deletePermitted = usePermitted(buttonActions.deleteAnalyzer);
  const [deleting, setDeleting] = useState(false);
  const [editing, setEditing] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const a = analyzer.data;

  const summary: SummaryItem[] | undefined = a && [
    { label: 'ARN', value: <ArnCopy arn={a.arn} /> },
    { label: 'Type', value: ANALYZER_TYPE_LABELS[a.type] ?? a.type },
    { label: 'Zone of trust', value: zoneOfTrust(a) },
    { label: 'Status', value: <AnalyzerStatusIndicator analyzer={a} /> },
    { label: 'Created', value: formatDateTime(a.createdAt) },
    ...(isUnusedAccessAnalyzer(a.type)
      ? [{ label: 'Tracking period', value: a.configuration?.unusedAccess?.unusedAccessAge ? `${a.configuration.unusedAccess.unusedAccessAge} days` : '-' }]
      : [{ label: 'Last resource analyzed', value: a.lastResourceAnalyzed ? `${a.lastResourceAnalyzed} (${formatDateTime(a.lastResourceAnalyzedAt)})` : '-' }]),
  ];

  return (
    <EntityDetailPage
      title={analyzerName}
      error={analyzer.error}
      errorHeader="The analyzer could not be loaded"
      summary={summary}
      notifications={flash && <Flashbar items={[{ id: 'flash', type: 'success', content: flash, dismissible: true, dismissLabel: 'Dismiss message', onDismiss: () => setFlash(null) }]} />}
      actions={
        a && (
          <SpaceBetween direction="horizontal" size="xs">
            <Button disabled={!deletePermitted.allowed} disabledReason={deletePermitted.reason} onClick={() => setDeleting(true)}>
              Delete
            </Button>
            {isUnusedAccessAnalyzer(a.type) && <Button onClick={() => setEditing(true)}>Edit tracking period</Button>}
            <Button variant="primary" href={findingsHref(a)} onFollow={follow(findingsHref(a))}>
              View findings
            </Button>
          </SpaceBetween>
        )
      }
      sections={a && <ArchiveRules analyzer={a} onFlash={setFlash} />}
    >
      {editing && a && (
        <EditTrackingPeriodModal
          analyzer={a}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setFlash(`Tracking period of ${a.name} saved; its findings were rescanned.`);
          }}
        />
      )}
      {deleting && a && <DeleteAnalyzerModal analyzer={a} onClose={() => setDeleting(false)} onDeleted={() => void navigate(sections.accessAnalyzerSettings.path)} />}
    </EntityDetailPage>
  );
}
