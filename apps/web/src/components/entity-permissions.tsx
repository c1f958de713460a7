// The Permissions tab's building blocks shared by users, groups and roles: the "Permissions
// policies" table (managed policies, and inline or inherited ones where the entity has them) with
// Simulate / Remove / Add, the attach-policies dialog, and the permissions boundary panel.
// Each block takes the entity's calls as async functions and keeps its own pending and error state.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { isAwsManaged } from '../api/queries/policies.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { useFollow } from './entity-detail.tsx';
import { FormModal } from './form-modal.tsx';
import { PoliciesPickerTable } from './policies-picker-table.tsx';

/** Managed policies per user, group or role: AWS's default quota. */
export const MAX_MANAGED_POLICIES = 10;

export const managedPolicyType = (arn: string) => (isAwsManaged(arn) ? 'AWS managed' : 'Customer managed');

/** One row of the Permissions policies table. */
export interface PermissionRow {
  id: string;
  name: string;
  /** Managed policies have an ARN (and link to the policy); inline policies do not. */
  arn?: string;
  type: string;
  /** "Directly", "Inline", "Group Developers" — shown when the table has an Attached via column. */
  attachedVia?: string;
  /** False for rows that cannot be removed here (inherited from a group). */
  removable: boolean;
}

export const managedRow = (arn: string, name: string, attachedVia?: string): PermissionRow => ({
  id: `managed:${attachedVia ?? ''}:${arn}`,
  name,
  arn,
  type: managedPolicyType(arn),
  ...(attachedVia !== undefined ? { attachedVia } : {}),
  removable: attachedVia === undefined || attachedVia === 'Directly',
});

export const inlineRow = (name: string, attachedVia?: string): PermissionRow => ({
  id: `inline:${attachedVia ?? ''}:${name}`,
  name,
  type: 'Customer inline',
  ...(attachedVia !== undefined ? { attachedVia } : {}),
  removable: attachedVia === undefined || attachedVia === 'Inline',
});

export interface PermissionsPoliciesTableProps {
  rows: PermissionRow[];
  loading?: boolean;
  description?: ReactNode;
  /** The entity's ARN: a Simulate button opens the policy simulator for it. */
  simulateArn?: string;
  /** Show the "Attached via" column (users: directly, inline or through a group). */
  showAttachedVia?: boolean;
  /** "Remove" (users, roles) or "Detach" (groups). */
  removeLabel?: string;
  /** "Add permissions" (users, roles) or "Attach policies" (groups). */
  addLabel?: string;
  /** Removes the rows (detach managed, delete inline). */
  onRemove: (rows: PermissionRow[]) => Promise<unknown>;
  /** Opens the attach dialog. */
  onAdd: () => void;
  /** No selection and no actions (service-linked roles). */
  readOnly?: boolean;
  /** The accessible name of the row checkboxes' group. */
  selectionGroupLabel?: string;
}

export function PermissionsPoliciesTable({
  rows,
  loading = false,
  description,
  simulateArn,
  showAttachedVia = false,
  removeLabel = 'Remove',
  addLabel = 'Add permissions',
  onRemove,
  onAdd,
  readOnly = false,
  selectionGroupLabel = 'Permissions policies selection',
}: PermissionsPoliciesTableProps) {
  const follow = useFollow();
  const [selected, setSelected] = useState<PermissionRow[]>([]);
  const remove = useMutation({ mutationFn: onRemove, onSuccess: () => setSelected([]) });
  const removable = selected.filter((r) => r.removable);
  const simulate = simulateArn ? `/policy-simulator?arn=${encodeURIComponent(simulateArn)}` : undefined;
  const policyHref = (arn: string) => `/policies/details/${encodeURIComponent(arn)}`;

  return (
    <SpaceBetween size="s">
      {remove.isError && <ApiErrorAlert error={remove.error} header="The change was not completely made" />}
      <Table<PermissionRow>
        items={rows}
        loading={loading}
        loadingText="Loading permissions"
        trackBy="id"
        variant="container"
        {...(readOnly ? {} : { selectionType: 'multi' as const })}
        selectedItems={selected}
        isItemDisabled={(r) => !r.removable}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{
          selectionGroupLabel,
          itemSelectionLabel: (_s, r) => (showAttachedVia && r.attachedVia ? `${r.name} (${r.attachedVia})` : r.name),
          allItemsSelectionLabel: () => 'Select all policies',
        }}
        empty={<Box textAlign="center">No permissions policies</Box>}
        header={
          <Header
            variant="h2"
            counter={`(${rows.length})`}
            description={description}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                {simulate && (
                  <Button href={simulate} onFollow={follow(simulate)}>
                    Simulate
                  </Button>
                )}
                {!readOnly && (
                  <Button disabled={removable.length === 0} loading={remove.isPending} onClick={() => remove.mutate(removable)}>
                    {removeLabel}
                  </Button>
                )}
                {!readOnly && (
                  <Button variant="primary" onClick={onAdd}>
                    {addLabel}
                  </Button>
                )}
              </SpaceBetween>
            }
          >
            Permissions policies
          </Header>
        }
        columnDefinitions={[
          {
            id: 'name',
            header: 'Policy name',
            cell: (r) =>
              r.arn ? (
                <Link href={policyHref(r.arn)} onFollow={follow(policyHref(r.arn))}>
                  {r.name}
                </Link>
              ) : (
                r.name
              ),
          },
          { id: 'type', header: 'Type', cell: (r) => r.type },
          ...(showAttachedVia ? [{ id: 'via', header: 'Attached via', cell: (r: PermissionRow) => r.attachedVia ?? '-' }] : []),
        ]}
      />
    </SpaceBetween>
  );
}

export interface AttachPoliciesModalProps {
  entityName: string;
  /** The dialog's confirm button: "Add permissions" or "Attach policies". */
  confirmLabel?: string;
  /** ARNs attached already (not offered). */
  attachedArns: string[];
  /** At most this many managed policies in all (AWS's quota). */
  maxPolicies?: number;
  onAttach: (arns: string[]) => Promise<unknown>;
  onClose: () => void;
}

/** Choose managed policies and attach them. */
export function AttachPoliciesModal({ entityName, confirmLabel = 'Add permissions', attachedArns, maxPolicies = MAX_MANAGED_POLICIES, onAttach, onClose }: AttachPoliciesModalProps) {
  const [arns, setArns] = useState<string[]>([]);
  const attach = useMutation({ mutationFn: onAttach, onSuccess: onClose });
  return (
    <FormModal header={`Attach policies to ${entityName}`} submitLabel={confirmLabel} size="max" onSubmit={() => attach.mutate(arns)} onClose={onClose} loading={attach.isPending} disabled={arns.length === 0}>
      <SpaceBetween size="m">
        {attach.isError && <ApiErrorAlert error={attach.error} header="The policies were not all attached" />}
        <PoliciesPickerTable
          title="Other permissions policies"
          description={`You can attach up to ${maxPolicies} managed policies.`}
          selectedArns={arns}
          onChange={setArns}
          exclude={attachedArns}
          maxSelected={Math.max(0, maxPolicies - attachedArns.length)}
        />
      </SpaceBetween>
    </FormModal>
  );
}

export interface PermissionsBoundaryPanelProps {
  /** "user" or "role", for the description. */
  subject: string;
  boundaryArn: string | undefined;
  readOnly?: boolean;
  onSet: (arn: string) => Promise<unknown>;
  onRemove: () => Promise<unknown>;
}

/** The permissions boundary: shown, set from a picker, changed or removed. */
export function PermissionsBoundaryPanel({ subject, boundaryArn, readOnly = false, onSet, onRemove }: PermissionsBoundaryPanelProps) {
  const [choosing, setChoosing] = useState(false);
  const [choice, setChoice] = useState<string[]>(boundaryArn ? [boundaryArn] : []);
  const set = useMutation({ mutationFn: onSet, onSuccess: () => setChoosing(false) });
  const remove = useMutation({ mutationFn: onRemove });
  return (
    <Container
      header={
        <Header
          variant="h2"
          description={`Set a managed policy that controls the maximum permissions this ${subject} can have.`}
          actions={
            !readOnly && (
              <SpaceBetween direction="horizontal" size="xs">
                {boundaryArn && (
                  <Button loading={remove.isPending} onClick={() => remove.mutate()}>
                    Remove boundary
                  </Button>
                )}
                <Button onClick={() => setChoosing(true)}>{boundaryArn ? 'Change boundary' : 'Set permissions boundary'}</Button>
              </SpaceBetween>
            )
          }
        >
          Permissions boundary
        </Header>
      }
    >
      <SpaceBetween size="s">
        {remove.isError && <ApiErrorAlert error={remove.error} header="The permissions boundary could not be removed" />}
        {boundaryArn ? <Box>{boundaryArn}</Box> : <Box color="text-body-secondary">Permissions boundary (not set)</Box>}
      </SpaceBetween>
      {choosing && (
        <FormModal
          header="Set permissions boundary"
          submitLabel="Set boundary"
          size="max"
          onSubmit={() => choice[0] && set.mutate(choice[0])}
          onClose={() => setChoosing(false)}
          loading={set.isPending}
          disabled={choice.length === 0}
        >
          <SpaceBetween size="m">
            {set.isError && <ApiErrorAlert error={set.error} header="The permissions boundary could not be set" />}
            <PoliciesPickerTable title="Permissions boundary policy" selectionType="single" selectedArns={choice} onChange={setChoice} />
          </SpaceBetween>
        </FormModal>
      )}
    </Container>
  );
}
