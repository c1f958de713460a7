// One role: summary (ARN, creation, maximum session duration, the switch-role link) and the tabs
// Permissions (managed and inline policies, permissions boundary), Trust relationships (view
// and edit the trust policy), Tags, Access Advisor and Revoke sessions (revoke-sessions.tsx). A service-linked role shows AWS's notice and
// offers only its description for editing (service-linked-role.tsx).
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Flashbar from '@cloudscape-design/components/flashbar';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import Tabs from '@cloudscape-design/components/tabs';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { attachedPoliciesQuery, policyDocumentText, useAttachPolicyMutation, useDetachPolicyMutation, type Tag } from '../../api/queries/policies.ts';
import {
  roleInlinePoliciesQuery,
  roleQuery,
  useDeleteRolePermissionsBoundaryMutation,
  useDeleteRolePolicyMutation,
  usePutRolePermissionsBoundaryMutation,
  usePutRolePolicyMutation,
  useTagRoleMutation,
  useUntagRoleMutation,
  useUpdateAssumeRolePolicyMutation,
  useUpdateRoleMutation,
  type Role,
} from '../../api/queries/roles.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { countFindings, PoliciesJsonEditor, policyFindings } from '../../components/policies-json-editor.tsx';
import { PoliciesPickerTable } from '../../components/policies-picker-table.tsx';
import { PoliciesTagsEditor, validateTags } from '../../components/policies-tags-editor.tsx';
import { DeleteRoleModal } from './delete-role-modal.tsx';
import { formatDate, formatDuration } from './format.ts';
import { SESSION_DURATIONS } from './trust-policy.ts';
import { useConsoleBaseUrl } from '../../api/queries/session.ts';
import { ACCESS_ADVISOR_TAB_LABEL, AccessAdvisorTab } from '../../components/access-advisor-tab.tsx';
import { EditDescriptionModal, linkedServiceOf, ServiceLinkedRoleNotice } from './service-linked-role.tsx';
import { REVOKE_SESSIONS_TAB_LABEL, RevokeSessionsTab } from './revoke-sessions.tsx';

interface PermissionRow {
  name: string;
  arn?: string;
  type: 'Managed' | 'Inline';
}

function ModalFooter({ onCancel, onConfirm, confirmText, disabled, loading }: { onCancel: () => void; onConfirm: () => void; confirmText: string; disabled?: boolean; loading?: boolean }) {
  return (
    <Box float="right">
      <SpaceBetween direction="horizontal" size="xs">
        <Button variant="link" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="primary" disabled={disabled ?? false} loading={loading ?? false} onClick={onConfirm}>
          {confirmText}
        </Button>
      </SpaceBetween>
    </Box>
  );
}

function AttachPoliciesModal({ role, attached, onClose }: { role: Role; attached: string[]; onClose: () => void }) {
  const attach = useAttachPolicyMutation();
  const [arns, setArns] = useState<string[]>([]);
  const run = async () => {
    for (const PolicyArn of arns) await attach.mutateAsync({ kind: 'Role', name: role.RoleName, PolicyArn });
    onClose();
  };
  return (
    <Modal visible size="large" onDismiss={onClose} header={`Attach policies to ${role.RoleName}`} footer={<ModalFooter onCancel={onClose} onConfirm={() => void run().catch(() => undefined)} confirmText="Add permissions" disabled={arns.length === 0} loading={attach.isPending} />}>
      <SpaceBetween size="m">
        {attach.isError && <ApiErrorAlert error={attach.error} header="The policy could not be attached" />}
        <PoliciesPickerTable title="Other permissions policies" selectedArns={arns} onChange={setArns} exclude={attached} />
      </SpaceBetween>
    </Modal>
  );
}

function InlinePolicyModal({ role, onClose }: { role: Role; onClose: () => void }) {
  const put = usePutRolePolicyMutation();
  const [name, setName] = useState('');
  const [text, setText] = useState(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '', Resource: '*' }] }, null, 2));
  const errors = countFindings(useMemo(() => policyFindings(text, 'IDENTITY_POLICY', 10240), [text])).ERROR;
  const nameError = name !== '' && !/^[\w+=,.@-]{1,128}$/.test(name) ? 'Use up to 128 alphanumeric and "+=,.@-_" characters.' : undefined;
  return (
    <Modal
      visible
      size="large"
      onDismiss={onClose}
      header="Create inline policy"
      footer={<ModalFooter onCancel={onClose} onConfirm={() => put.mutate({ RoleName: role.RoleName, PolicyName: name, PolicyDocument: text }, { onSuccess: onClose })} confirmText="Create policy" disabled={name === '' || Boolean(nameError) || errors > 0} loading={put.isPending} />}
    >
      <SpaceBetween size="m">
        {put.isError && <ApiErrorAlert error={put.error} header="The inline policy could not be saved" />}
        <FormField label="Policy name" errorText={nameError}>
          <Input value={name} onChange={({ detail }) => setName(detail.value)} />
        </FormField>
        <PoliciesJsonEditor value={text} onChange={setText} policyType="IDENTITY_POLICY" maxSize={10240} ariaLabel="Inline policy editor" height={260} />
      </SpaceBetween>
    </Modal>
  );
}

function BoundaryModal({ role, onClose }: { role: Role; onClose: () => void }) {
  const put = usePutRolePermissionsBoundaryMutation();
  const [arns, setArns] = useState<string[]>(role.PermissionsBoundary ? [role.PermissionsBoundary.PermissionsBoundaryArn] : []);
  return (
    <Modal
      visible
      size="large"
      onDismiss={onClose}
      header="Set permissions boundary"
      footer={<ModalFooter onCancel={onClose} onConfirm={() => arns[0] && put.mutate({ RoleName: role.RoleName, PermissionsBoundary: arns[0] }, { onSuccess: onClose })} confirmText="Set boundary" disabled={arns.length === 0} loading={put.isPending} />}
    >
      <SpaceBetween size="m">
        {put.isError && <ApiErrorAlert error={put.error} header="The permissions boundary could not be set" />}
        <PoliciesPickerTable title="Permissions boundary" selectionType="single" selectedArns={arns} onChange={setArns} />
      </SpaceBetween>
    </Modal>
  );
}

function PermissionsTab({ role, readOnly }: { role: Role; readOnly: boolean }) {
  const attached = useQuery(attachedPoliciesQuery('Role', role.RoleName));
  const inline = useQuery(roleInlinePoliciesQuery(role.RoleName));
  const detach = useDetachPolicyMutation();
  const deleteInline = useDeleteRolePolicyMutation();
  const removeBoundary = useDeleteRolePermissionsBoundaryMutation();
  const [selected, setSelected] = useState<PermissionRow[]>([]);
  const [modal, setModal] = useState<'attach' | 'inline' | 'boundary' | null>(null);
  const rows: PermissionRow[] = [
    ...(attached.data ?? []).map((p) => ({ name: p.PolicyName, arn: p.PolicyArn, type: 'Managed' as const })),
    ...(inline.data ?? []).map((name) => ({ name, type: 'Inline' as const })),
  ];
  const remove = async () => {
    for (const row of selected) {
      if (row.type === 'Managed' && row.arn) await detach.mutateAsync({ kind: 'Role', name: role.RoleName, PolicyArn: row.arn });
      else await deleteInline.mutateAsync({ RoleName: role.RoleName, PolicyName: row.name });
    }
    setSelected([]);
  };
  const error = attached.error ?? inline.error ?? detach.error ?? deleteInline.error ?? removeBoundary.error;
  return (
    <SpaceBetween size="l">
      {error && <ApiErrorAlert error={error} header="Permissions" />}
      <Table
        items={rows}
        loading={attached.isLoading || inline.isLoading}
        loadingText="Loading permissions"
        {...(readOnly ? {} : { selectionType: 'multi' as const })}
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        trackBy={(row) => `${row.type}:${row.name}`}
        ariaLabels={{ tableLabel: 'Permissions policies', itemSelectionLabel: (_s, row) => row.name, allItemsSelectionLabel: () => 'Select all policies', selectionGroupLabel: 'Policy selection' }}
        empty="No policies are attached to this role."
        header={
          <Header
            variant="h2"
            counter={`(${rows.length})`}
            description="You can attach up to 10 managed policies."
            actions={
              !readOnly && (
                <SpaceBetween direction="horizontal" size="xs">
                  <Button disabled={selected.length === 0} loading={detach.isPending || deleteInline.isPending} onClick={() => void remove().catch(() => undefined)}>
                    Remove
                  </Button>
                  <Button onClick={() => setModal('inline')}>Create inline policy</Button>
                  <Button variant="primary" onClick={() => setModal('attach')}>
                    Add permissions
                  </Button>
                </SpaceBetween>
              )
            }
          >
            Permissions policies
          </Header>
        }
        columnDefinitions={[
          { id: 'name', header: 'Policy name', cell: (row) => row.name },
          { id: 'type', header: 'Type', cell: (row) => (row.type === 'Inline' ? 'Customer inline' : row.arn?.startsWith('arn:aws:iam::aws:') ? 'AWS managed' : 'Customer managed') },
        ]}
      />
      <Container
        header={
          <Header
            variant="h2"
            description="Set a managed policy that controls the maximum permissions this role can have."
            actions={
              !readOnly && (
                <SpaceBetween direction="horizontal" size="xs">
                  {role.PermissionsBoundary && (
                    <Button loading={removeBoundary.isPending} onClick={() => removeBoundary.mutate({ RoleName: role.RoleName })}>
                      Remove boundary
                    </Button>
                  )}
                  <Button onClick={() => setModal('boundary')}>{role.PermissionsBoundary ? 'Change boundary' : 'Set permissions boundary'}</Button>
                </SpaceBetween>
              )
            }
          >
            Permissions boundary
          </Header>
        }
      >
        {role.PermissionsBoundary ? role.PermissionsBoundary.PermissionsBoundaryArn : 'Permissions boundary is not set.'}
      </Container>
      {modal === 'attach' && <AttachPoliciesModal role={role} attached={(attached.data ?? []).map((p) => p.PolicyArn)} onClose={() => setModal(null)} />}
      {modal === 'inline' && <InlinePolicyModal role={role} onClose={() => setModal(null)} />}
      {modal === 'boundary' && <BoundaryModal role={role} onClose={() => setModal(null)} />}
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
    <Modal
      visible
      onDismiss={onClose}
      header="Edit maximum session duration"
      footer={<ModalFooter onCancel={onClose} onConfirm={() => update.mutate({ RoleName: role.RoleName, MaxSessionDuration: Number(duration.value) }, { onSuccess: onClose })} confirmText="Save changes" loading={update.isPending} />}
    >
      <SpaceBetween size="m">
        {update.isError && <ApiErrorAlert error={update.error} header="The role could not be updated" />}
        <FormField label="Maximum session duration" description="How long a session that assumes this role can last: 1 to 12 hours.">
          <Select selectedOption={duration} options={SESSION_DURATIONS} onChange={({ detail }) => setDuration(SESSION_DURATIONS.find((d) => d.value === detail.selectedOption.value) ?? initial)} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}

function TagsTab({ role }: { role: Role }) {
  const tag = useTagRoleMutation();
  const untag = useUntagRoleMutation();
  const current = role.Tags ?? [];
  const [editing, setEditing] = useState<Tag[] | null>(null);
  const error = editing ? validateTags(editing) : undefined;
  const save = async (next: Tag[]) => {
    const removed = current.filter((t) => !next.some((n) => n.Key === t.Key)).map((t) => t.Key);
    if (removed.length) await untag.mutateAsync({ RoleName: role.RoleName, TagKeys: removed });
    if (next.length) await tag.mutateAsync({ RoleName: role.RoleName, Tags: next });
    setEditing(null);
  };
  if (editing) {
    return (
      <Container
        header={
          <Header
            variant="h2"
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setEditing(null)}>
                  Cancel
                </Button>
                <Button variant="primary" disabled={Boolean(error)} loading={tag.isPending || untag.isPending} onClick={() => void save(editing).catch(() => undefined)}>
                  Save changes
                </Button>
              </SpaceBetween>
            }
          >
            Manage tags
          </Header>
        }
      >
        <SpaceBetween size="m">
          {(tag.isError || untag.isError) && <ApiErrorAlert error={tag.error ?? untag.error} header="The tags could not be saved" />}
          <FormField errorText={error}>
            <PoliciesTagsEditor tags={editing} onChange={setEditing} />
          </FormField>
        </SpaceBetween>
      </Container>
    );
  }
  return (
    <Table
      items={current}
      ariaLabels={{ tableLabel: 'Tags' }}
      empty="No tags associated with the resource."
      header={
        <Header variant="h2" counter={`(${current.length})`} actions={<Button onClick={() => setEditing(current)}>Manage tags</Button>}>
          Tags
        </Header>
      }
      columnDefinitions={[
        { id: 'key', header: 'Key', cell: (t) => t.Key },
        { id: 'value', header: 'Value', cell: (t) => t.Value || '-' },
      ]}
    />
  );
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
  const [tab, setTab] = useState('permissions');
  const [editingDuration, setEditingDuration] = useState(false);
  const [editingDescription, setEditingDescription] = useState(false);

  if (role.isLoading) return <Spinner size="large" />;
  if (role.isError || !role.data) {
    return <ApiErrorAlert error={role.error} header="The role could not be loaded" action={<Button onClick={() => void navigate('/roles')}>Go to Roles</Button>} />;
  }
  const r = role.data;
  const accountId = /^arn:aws:iam::(\d{12}):/.exec(r.Arn)?.[1] ?? '';
  const linkedService = linkedServiceOf(r);
  const switchLink = `${consoleBaseUrl}/switchrole?roleName=${encodeURIComponent(r.RoleName)}&account=${accountId}`;

  return (
    <ContentLayout
      notifications={flash && <Flashbar items={[{ type: flash.type, content: flash.content, dismissible: true, onDismiss: () => setFlash(null), id: 'flash' }]} />}
      header={
        <Header
          variant="h1"
          description={r.Description}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => void navigate(`/policy-simulator?arn=${encodeURIComponent(r.Arn)}`)}>Simulate</Button>
              <Button onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </SpaceBetween>
          }
        >
          {r.RoleName}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {linkedService && <ServiceLinkedRoleNotice service={linkedService} />}
        <Container header={<Header variant="h2" actions={<Button onClick={() => (linkedService ? setEditingDescription(true) : setEditingDuration(true))}>Edit</Button>}>Summary</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: 'Creation date', value: formatDate(r.CreateDate) },
              { label: 'Last activity', value: r.RoleLastUsed?.LastUsedDate ? formatDate(r.RoleLastUsed.LastUsedDate) : '-' },
              { label: 'ARN', value: <CopyToClipboard variant="inline" textToCopy={r.Arn} copyButtonAriaLabel="Copy ARN" copySuccessText="ARN copied" copyErrorText="ARN failed to copy" /> },
              { label: 'Maximum session duration', value: formatDuration(r.MaxSessionDuration) },
              {
                label: 'Link to switch roles in console',
                value: <CopyToClipboard variant="inline" textToCopy={switchLink} copyButtonAriaLabel="Copy switch role link" copySuccessText="Link copied" copyErrorText="Link failed to copy" />,
              },
              { label: 'Description', value: r.Description ?? '-' },
            ]}
          />
        </Container>
        <Tabs
          activeTabId={tab}
          onChange={({ detail }) => setTab(detail.activeTabId)}
          tabs={[
            { id: 'permissions', label: 'Permissions', content: <PermissionsTab role={r} readOnly={Boolean(linkedService)} /> },
            { id: 'trust', label: 'Trust relationships', content: <TrustTab role={r} readOnly={Boolean(linkedService)} /> },
            { id: 'tags', label: 'Tags', content: <TagsTab role={r} /> },
            { id: 'access-advisor', label: ACCESS_ADVISOR_TAB_LABEL, content: <AccessAdvisorTab arn={r.Arn} subject="role" /> },
            {
              id: 'revoke-sessions',
              label: REVOKE_SESSIONS_TAB_LABEL,
              content: <RevokeSessionsTab role={r} serviceLinked={Boolean(linkedService)} onRevoked={() => setFlash({ type: 'success', content: `Active sessions for role ${r.RoleName} revoked.` })} />,
            },
          ]}
        />
      </SpaceBetween>
      {editingDescription && <EditDescriptionModal role={r} onClose={() => setEditingDescription(false)} />}
      {editingDuration && <SessionDurationModal role={r} onClose={() => setEditingDuration(false)} />}
      {deleting && <DeleteRoleModal roleName={r.RoleName} serviceLinked={Boolean(linkedService)} onClose={() => setDeleting(false)} onDeleted={() => void navigate('/roles', { state: { flash: `Role ${r.RoleName} deleted.` } })} />}
    </ContentLayout>
  );
}
