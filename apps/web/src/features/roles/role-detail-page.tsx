// One role: summary (ARN, creation, maximum session duration, the switch-role link) and the tabs
// Permissions (managed and inline policies, permissions boundary), Trust relationships (view
// and edit the trust policy), Tags, Access Advisor and Revoke sessions (revoke-sessions.tsx). A service-linked role shows AWS's notice and
// offers only its description for editing (service-linked-role.tsx).
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Flashbar from '@cloudscape-design/components/flashbar';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { attachedPoliciesQuery, policyDocumentText, useAttachPolicyMutation, useDetachPolicyMutation } from '../../api/queries/policies.ts';
import {
  roleInlinePoliciesQuery,
  roleQuery,
  useDeleteRolePermissionsBoundaryMutation,
  useDeleteRolePolicyMutation,
  usePutRolePermissionsBoundaryMutation,
  useTagRoleMutation,
  useUntagRoleMutation,
  useUpdateAssumeRolePolicyMutation,
  useUpdateRoleMutation,
  type Role,
} from '../../api/queries/roles.ts';
import { useConsoleBaseUrl } from '../../api/queries/session.ts';
import { ACCESS_ADVISOR_TAB_LABEL, AccessAdvisorTab } from '../../components/access-advisor-tab.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArnCopy, EntityDetailPage } from '../../components/entity-detail.tsx';
import { AttachPoliciesModal, inlineRow, managedRow, MAX_MANAGED_POLICIES, PermissionsBoundaryPanel, PermissionsPoliciesTable, type PermissionRow } from '../../components/entity-permissions.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { GeneratePolicyPanel } from '../../components/generate-policy-panel.tsx';
import { InlinePolicyPanel } from '../../components/inline-policy-panel.tsx';
import { countFindings, PoliciesJsonEditor, policyFindings } from '../../components/policies-json-editor.tsx';
import { TagsPanel, type TagChanges } from '../../components/tags-panel.tsx';
import { DeleteRoleModal } from './delete-role-modal.tsx';
import { formatDate, formatDuration } from './format.ts';
import { REVOKE_SESSIONS_TAB_LABEL, RevokeSessionsTab } from './revoke-sessions.tsx';
import { EditDescriptionModal, linkedServiceOf, ServiceLinkedRoleNotice } from './service-linked-role.tsx';
import { SESSION_DURATIONS } from './trust-policy.ts';

function PermissionsTab({ role, readOnly }: { role: Role; readOnly: boolean }) {
  const attached = useQuery(attachedPoliciesQuery('Role', role.RoleName));
  const inline = useQuery(roleInlinePoliciesQuery(role.RoleName));
  const attach = useAttachPolicyMutation();
  const detach = useDetachPolicyMutation();
  const deleteInline = useDeleteRolePolicyMutation();
  const putBoundary = usePutRolePermissionsBoundaryMutation();
  const removeBoundary = useDeleteRolePermissionsBoundaryMutation();
  const [adding, setAdding] = useState(false);
  const rows: PermissionRow[] = [...(attached.data ?? []).map((p) => managedRow(p.PolicyArn, p.PolicyName)), ...(inline.data ?? []).map((name) => inlineRow(name))];
  const attachedArns = (attached.data ?? []).map((p) => p.PolicyArn);
  const remove = async (selected: PermissionRow[]) => {
    for (const row of selected) {
      if (row.arn) await detach.mutateAsync({ kind: 'Role', name: role.RoleName, PolicyArn: row.arn });
      else await deleteInline.mutateAsync({ RoleName: role.RoleName, PolicyName: row.name });
    }
  };
  const attachAll = async (arns: string[]) => {
    for (const PolicyArn of arns) await attach.mutateAsync({ kind: 'Role', name: role.RoleName, PolicyArn });
  };
  const error = attached.error ?? inline.error;
  return (
    <SpaceBetween size="l">
      {error && <ApiErrorAlert error={error} header="The permissions could not be loaded" />}
      <PermissionsPoliciesTable
        rows={rows}
        loading={attached.isLoading || inline.isLoading}
        description={`You can attach up to ${MAX_MANAGED_POLICIES} managed policies.`}
        readOnly={readOnly}
        selectionGroupLabel="Policy selection"
        onRemove={remove}
        onAdd={() => setAdding(true)}
      />
      <InlinePolicyPanel kind="Role" name={role.RoleName} readOnly={readOnly} />
      <PermissionsBoundaryPanel
        subject="role"
        boundaryArn={role.PermissionsBoundary?.PermissionsBoundaryArn}
        readOnly={readOnly}
        onSet={(arn) => putBoundary.mutateAsync({ RoleName: role.RoleName, PermissionsBoundary: arn })}
        onRemove={() => removeBoundary.mutateAsync({ RoleName: role.RoleName })}
      />
      <GeneratePolicyPanel principalArn={role.Arn} subject="role" />
      {adding && <AttachPoliciesModal entityName={role.RoleName} attachedArns={attachedArns} onAttach={attachAll} onClose={() => setAdding(false)} />}
    </SpaceBetween>
  );
}

function TrustTab({ role, readOnly }: { role: Role; readOnly: boolean }) {
  const update = useUpdateAssumeRolePolicyMutation();
  const current = policyDocumentText(role.AssumeRolePolicyDocument);
  const [editing, setEditing] = useState<string | null>(null);
  const errors = countFindings(useMemo(() => (editing === null ? [] : policyFindings(editing, 'TRUST_POLICY', 2048)), [editing])).ERROR;
  return (
    <Container
      header={
        <Header
          variant="h2"
          description="Entities that can assume this role under specified conditions."
          actions={
            readOnly ? undefined : editing === null ? (
              <Button onClick={() => setEditing(current)}>Edit trust policy</Button>
            ) : (
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setEditing(null)}>
                  Cancel
                </Button>
                <Button variant="primary" disabled={errors > 0} loading={update.isPending} onClick={() => update.mutate({ RoleName: role.RoleName, PolicyDocument: editing }, { onSuccess: () => setEditing(null) })}>
                  Update policy
                </Button>
              </SpaceBetween>
            )
          }
        >
          Trusted entities
        </Header>
      }
    >
      <SpaceBetween size="m">
        {update.isError && <ApiErrorAlert error={update.error} header="The trust policy could not be updated" />}
        {editing === null ? (
          <PoliciesJsonEditor key={current} value={current} readOnly policyType="TRUST_POLICY" ariaLabel="Trust policy" height={280} />
        ) : (
          <PoliciesJsonEditor value={editing} onChange={setEditing} policyType="TRUST_POLICY" maxSize={2048} ariaLabel="Trust policy editor" height={280} />
        )}
      </SpaceBetween>
    </Container>
  );
}

function SessionDurationModal({ role, onClose }: { role: Role; onClose: () => void }) {
  const update = useUpdateRoleMutation();
  const initial = SESSION_DURATIONS.find((d) => Number(d.value) === role.MaxSessionDuration) ?? { value: String(role.MaxSessionDuration), label: formatDuration(role.MaxSessionDuration) };
  const [duration, setDuration] = useState(initial);
  return (
    <FormModal header="Edit maximum session duration" submitLabel="Save changes" loading={update.isPending} onClose={onClose} onSubmit={() => update.mutate({ RoleName: role.RoleName, MaxSessionDuration: Number(duration.value) }, { onSuccess: onClose })}>
      <SpaceBetween size="m">
        {update.isError && <ApiErrorAlert error={update.error} header="The role could not be updated" />}
        <FormField label="Maximum session duration" description="How long a session that assumes this role can last: 1 to 12 hours.">
          <Select selectedOption={duration} options={SESSION_DURATIONS} onChange={({ detail }) => setDuration(SESSION_DURATIONS.find((d) => d.value === detail.selectedOption.value) ?? initial)} />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

function TagsTab({ role }: { role: Role }) {
  const tag = useTagRoleMutation();
  const untag = useUntagRoleMutation();
  const save = async ({ set, remove }: TagChanges) => {
    if (remove.length) await untag.mutateAsync({ RoleName: role.RoleName, TagKeys: remove });
    if (set.length) await tag.mutateAsync({ RoleName: role.RoleName, Tags: set });
  };
  return <TagsPanel tags={role.Tags ?? []} onSave={save} />;
}

export function RoleDetailPage() {
  const consoleBaseUrl = useConsoleBaseUrl();
  const { name = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const role = useQuery(roleQuery(name));
  const state = location.state as { flash?: string; flashType?: 'success' | 'warning' } | null;
  const [flash, setFlash] = useState<{ type: 'success' | 'warning'; content: string } | null>(state?.flash ? { type: state.flashType ?? 'success', content: state.flash } : null);
  const [deleting, setDeleting] = useState(false);
  const [editingDuration, setEditingDuration] = useState(false);
  const [editingDescription, setEditingDescription] = useState(false);

  const r = role.data;
  const accountId = r ? (/^arn:aws:iam::(\d{12}):/.exec(r.Arn)?.[1] ?? '') : '';
  const linkedService = r ? linkedServiceOf(r) : undefined;
  const switchLink = r ? `${consoleBaseUrl}/switchrole?roleName=${encodeURIComponent(r.RoleName)}&account=${accountId}` : '';

  return (
    <EntityDetailPage
      title={r?.RoleName ?? name}
      description={r?.Description}
      notifications={flash && <Flashbar items={[{ type: flash.type, content: flash.content, dismissible: true, onDismiss: () => setFlash(null), id: 'flash' }]} />}
      actions={
        r && (
          <SpaceBetween direction="horizontal" size="xs">
            <Button onClick={() => void navigate(`/policy-simulator?arn=${encodeURIComponent(r.Arn)}`)}>Simulate</Button>
            <Button onClick={() => setDeleting(true)}>Delete</Button>
          </SpaceBetween>
        )
      }
      error={role.error}
      errorHeader="The role could not be loaded"
      errorAction={<Button onClick={() => void navigate('/roles')}>Go to Roles</Button>}
      banner={linkedService && <ServiceLinkedRoleNotice service={linkedService} />}
      summaryActions={r && <Button onClick={() => (linkedService ? setEditingDescription(true) : setEditingDuration(true))}>Edit</Button>}
      summary={
        r && [
          { label: 'Creation date', value: formatDate(r.CreateDate) },
          { label: 'Last activity', value: r.RoleLastUsed?.LastUsedDate ? formatDate(r.RoleLastUsed.LastUsedDate) : '-' },
          { label: 'ARN', value: <ArnCopy arn={r.Arn} /> },
          { label: 'Maximum session duration', value: formatDuration(r.MaxSessionDuration) },
          {
            label: 'Link to switch roles in console',
            value: <CopyToClipboard variant="inline" textToCopy={switchLink} copyButtonAriaLabel="Copy switch role link" copySuccessText="Link copied" copyErrorText="Link failed to copy" />,
          },
          { label: 'Description', value: r.Description ?? '-' },
        ]
      }
      tabs={
        r && [
          { id: 'permissions', label: 'Permissions', content: <PermissionsTab role={r} readOnly={Boolean(linkedService)} /> },
          { id: 'trust', label: 'Trust relationships', content: <TrustTab role={r} readOnly={Boolean(linkedService)} /> },
          { id: 'tags', label: 'Tags', content: <TagsTab role={r} /> },
          { id: 'access-advisor', label: ACCESS_ADVISOR_TAB_LABEL, content: <AccessAdvisorTab arn={r.Arn} subject="role" /> },
          {
            id: 'revoke-sessions',
            label: REVOKE_SESSIONS_TAB_LABEL,
            content: <RevokeSessionsTab role={r} serviceLinked={Boolean(linkedService)} onRevoked={() => setFlash({ type: 'success', content: `Active sessions for role ${r.RoleName} revoked.` })} />,
          },
        ]
      }
    >
      {r && editingDescription && <EditDescriptionModal role={r} onClose={() => setEditingDescription(false)} />}
      {r && editingDuration && <SessionDurationModal role={r} onClose={() => setEditingDuration(false)} />}
      {r && deleting && <DeleteRoleModal roleName={r.RoleName} serviceLinked={Boolean(linkedService)} onClose={() => setDeleting(false)} onDeleted={() => void navigate('/roles', { state: { flash: `Role ${r.RoleName} deleted.` } })} />}
    </EntityDetailPage>
  );
}
