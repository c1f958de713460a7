// One managed policy: summary, and the tabs Permissions (the default version's JSON), Entities
// attached (attach/detach users, groups, roles) and Policy versions (set default, delete).
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Flashbar, { type FlashbarProps } from '@cloudscape-design/components/flashbar';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import Tabs from '@cloudscape-design/components/tabs';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import {
  entityNamesQuery,
  isAwsManaged,
  policyDocumentText,
  policyEntitiesQuery,
  policyQuery,
  policyTypeLabel,
  policyVersionQuery,
  policyVersionsQuery,
  useAttachPolicyMutation,
  useDeletePolicyVersionMutation,
  useDetachPolicyMutation,
  useSetDefaultPolicyVersionMutation,
  type EntityKind,
  type Policy,
} from '../../api/queries/policies.ts';
import Modal from '@cloudscape-design/components/modal';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { PoliciesJsonEditor } from '../../components/policies-json-editor.tsx';
import { DeletePolicyModal } from './delete-policy-modal.tsx';
import { formatDateTime } from '../../components/date-format.ts';
import { ACCESS_ADVISOR_TAB_LABEL, AccessAdvisorTab } from '../../components/access-advisor-tab.tsx';

export const formatDate = (iso: string | undefined) => formatDateTime(iso);

function PermissionsTab({ policy }: { policy: Policy }) {
  const navigate = useNavigate();
  const version = useQuery(policyVersionQuery(policy.Arn, policy.DefaultVersionId));
  const editable = !isAwsManaged(policy.Arn);
  return (
    <Container
      header={
        <Header
          variant="h2"
          description={`The JSON of the default version (${policy.DefaultVersionId}).`}
          actions={editable && <Button onClick={() => void navigate(`/policies/details/${encodeURIComponent(policy.Arn)}/edit`)}>Edit</Button>}
        >
          Permissions defined in this policy
        </Header>
      }
    >
      {version.isLoading && <Spinner />}
      {version.isError && <ApiErrorAlert error={version.error} header="The policy document could not be loaded" />}
      {version.data && (
        <PoliciesJsonEditor value={policyDocumentText(version.data.Document)} readOnly policyType="IDENTITY_POLICY" ariaLabel="Policy document" height={320} />
      )}
    </Container>
  );
}

interface EntityRow {
  name: string;
  kind: EntityKind;
}

function AttachModal({ policy, onClose }: { policy: Policy; onClose: () => void }) {
  const names = useQuery(entityNamesQuery);
  const attach = useAttachPolicyMutation();
  const [kind, setKind] = useState<EntityKind>('User');
  const [name, setName] = useState<string | null>(null);
  const choices = names.data ? { User: names.data.users, Group: names.data.groups, Role: names.data.roles }[kind] : [];
  return (
    <FormModal
      header={`Attach ${policy.PolicyName}`}
      submitLabel="Attach policy"
      onSubmit={() => name && attach.mutate({ kind, name, PolicyArn: policy.Arn }, { onSuccess: onClose })}
      onClose={onClose}
      loading={attach.isPending}
      disabled={!name}
    >
      <SpaceBetween size="m">
        {attach.isError && <ApiErrorAlert error={attach.error} header="The policy could not be attached" />}
        {names.isError && <ApiErrorAlert error={names.error} header="The users, groups and roles could not be loaded" />}
        <FormField label="Entity type">
          <RadioGroup
            value={kind}
            onChange={({ detail }) => {
              setKind(detail.value as EntityKind);
              setName(null);
            }}
            items={[
              { value: 'User', label: 'User' },
              { value: 'Group', label: 'User group' },
              { value: 'Role', label: 'Role' },
            ]}
          />
        </FormField>
        <FormField label="Entity name">
          <Select
            statusType={names.isLoading ? 'loading' : 'finished'}
            filteringType="auto"
            placeholder="Choose an entity"
            selectedOption={name ? { value: name, label: name } : null}
            options={choices.map((n) => ({ value: n, label: n }))}
            onChange={({ detail }) => setName(detail.selectedOption.value ?? null)}
            empty="No entities of this type"
          />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

function EntitiesTab({ policy }: { policy: Policy }) {
  const entities = useQuery(policyEntitiesQuery(policy.Arn));
  const detach = useDetachPolicyMutation();
  const [selected, setSelected] = useState<EntityRow[]>([]);
  const [attaching, setAttaching] = useState(false);
  const rows: EntityRow[] = entities.data
    ? [
        ...entities.data.PolicyUsers.map((u) => ({ name: u.UserName, kind: 'User' as const })),
        ...entities.data.PolicyGroups.map((g) => ({ name: g.GroupName, kind: 'Group' as const })),
        ...entities.data.PolicyRoles.map((r) => ({ name: r.RoleName, kind: 'Role' as const })),
      ]
    : [];
  const detachSelected = async () => {
    for (const row of selected) await detach.mutateAsync({ kind: row.kind, name: row.name, PolicyArn: policy.Arn });
    setSelected([]);
  };
  return (
    <SpaceBetween size="m">
      {entities.isError && <ApiErrorAlert error={entities.error} header="The attached entities could not be loaded" />}
      {detach.isError && <ApiErrorAlert error={detach.error} header="The policy could not be detached" />}
      <Table
        items={rows}
        loading={entities.isLoading}
        loadingText="Loading entities"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        trackBy={(row) => `${row.kind}:${row.name}`}
        ariaLabels={{ tableLabel: 'Entities attached', itemSelectionLabel: (_s, row) => row.name, allItemsSelectionLabel: () => 'Select all entities', selectionGroupLabel: 'Entity selection' }}
        empty="No entities are attached to this policy."
        header={
          <Header
            variant="h2"
            counter={`(${rows.length})`}
            description="An entity is a user, group, or role that this policy is attached to."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={selected.length === 0} loading={detach.isPending} onClick={() => void detachSelected().catch(() => undefined)}>
                  Detach
                </Button>
                <Button onClick={() => setAttaching(true)}>Attach</Button>
              </SpaceBetween>
            }
          >
            Entities attached
          </Header>
        }
        columnDefinitions={[
          { id: 'name', header: 'Entity name', cell: (row) => row.name },
          { id: 'type', header: 'Entity type', cell: (row) => (row.kind === 'Group' ? 'Group' : row.kind) },
        ]}
      />
      {attaching && <AttachModal policy={policy} onClose={() => setAttaching(false)} />}
    </SpaceBetween>
  );
}

function VersionModal({ policy, versionId, onClose }: { policy: Policy; versionId: string; onClose: () => void }) {
  const version = useQuery(policyVersionQuery(policy.Arn, versionId));
  return (
    <Modal visible size="large" onDismiss={onClose} header={`${policy.PolicyName} ${versionId}`} footer={<Box float="right"><Button onClick={onClose}>Close</Button></Box>}>
      {version.isLoading && <Spinner />}
      {version.isError && <ApiErrorAlert error={version.error} header="The version could not be loaded" />}
      {version.data && <PoliciesJsonEditor value={policyDocumentText(version.data.Document)} readOnly policyType="IDENTITY_POLICY" ariaLabel={`Policy document ${versionId}`} height={320} />}
    </Modal>
  );
}

function VersionsTab({ policy }: { policy: Policy }) {
  const versions = useQuery(policyVersionsQuery(policy.Arn));
  const setDefault = useSetDefaultPolicyVersionMutation();
  const remove = useDeletePolicyVersionMutation();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const items = versions.data ?? [];
  const selected = items.find((v) => v.VersionId === selectedId);
  const readOnly = isAwsManaged(policy.Arn);
  const [viewing, setViewing] = useState<string | null>(null);
  return (
    <SpaceBetween size="m">
      {viewing && <VersionModal policy={policy} versionId={viewing} onClose={() => setViewing(null)} />}
      {versions.isError && <ApiErrorAlert error={versions.error} header="The policy versions could not be loaded" />}
      {setDefault.isError && <ApiErrorAlert error={setDefault.error} header="The default version could not be set" />}
      {remove.isError && <ApiErrorAlert error={remove.error} header="The version could not be deleted" />}
      <Table
        items={items}
        loading={versions.isLoading}
        loadingText="Loading versions"
        selectionType={readOnly ? undefined : 'single'}
        selectedItems={selected ? [selected] : []}
        onSelectionChange={({ detail }) => setSelectedId(detail.selectedItems[0]?.VersionId ?? null)}
        trackBy="VersionId"
        ariaLabels={{ tableLabel: 'Policy versions', itemSelectionLabel: (_s, v) => v.VersionId, selectionGroupLabel: 'Version selection' }}
        header={
          <Header
            variant="h2"
            counter={`(${items.length})`}
            description="A customer managed policy can have up to 5 versions. The default version is the one in effect."
            actions={
              !readOnly && (
                <SpaceBetween direction="horizontal" size="xs">
                  <Button
                    disabled={!selected || selected.IsDefaultVersion}
                    loading={setDefault.isPending}
                    onClick={() => selected && setDefault.mutate({ PolicyArn: policy.Arn, VersionId: selected.VersionId })}
                  >
                    Set as default
                  </Button>
                  <Button
                    disabled={!selected || selected.IsDefaultVersion}
                    loading={remove.isPending}
                    onClick={() =>
                      selected && remove.mutate({ PolicyArn: policy.Arn, VersionId: selected.VersionId }, { onSuccess: () => setSelectedId(null) })
                    }
                  >
                    Delete
                  </Button>
                </SpaceBetween>
              )
            }
          >
            Policy versions
          </Header>
        }
        columnDefinitions={[
          {
            id: 'version',
            header: 'Version',
            cell: (v) => (
              <Button variant="inline-link" onClick={() => setViewing(v.VersionId)}>
                {v.IsDefaultVersion ? `${v.VersionId} (Default)` : v.VersionId}
              </Button>
            ),
          },
          { id: 'created', header: 'Creation time', cell: (v) => formatDate(v.CreateDate) },
        ]}
      />
    </SpaceBetween>
  );
}

export function PolicyDetailPage() {
  const { arn = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const policy = useQuery(policyQuery(arn));
  const [deleting, setDeleting] = useState(false);
  const [flash, setFlash] = useState<string | null>((location.state as { flash?: string } | null)?.flash ?? null);
  const [tab, setTab] = useState((location.state as { tab?: string } | null)?.tab ?? 'permissions');

  if (policy.isLoading) return <Spinner size="large" />;
  if (policy.isError || !policy.data) {
    return (
      <ApiErrorAlert error={policy.error} header="The policy could not be loaded" action={<Button onClick={() => void navigate('/policies')}>Go to Policies</Button>} />
    );
  }
  const p = policy.data;
  const flashItems: FlashbarProps.MessageDefinition[] = flash
    ? [{ type: 'success', content: flash, dismissible: true, onDismiss: () => setFlash(null), id: 'flash' }]
    : [];

  return (
    <ContentLayout
      notifications={flashItems.length > 0 && <Flashbar items={flashItems} />}
      header={
        <Header
          variant="h1"
          actions={!isAwsManaged(p.Arn) && <Button onClick={() => setDeleting(true)}>Delete</Button>}
        >
          {p.PolicyName}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">Policy details</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: 'Type', value: policyTypeLabel(p) },
              { label: 'Creation time', value: formatDate(p.CreateDate) },
              { label: 'Edited time', value: formatDate(p.UpdateDate) },
              {
                label: 'ARN',
                value: <CopyToClipboard variant="inline" textToCopy={p.Arn} copyButtonAriaLabel="Copy ARN" copySuccessText="ARN copied" copyErrorText="ARN failed to copy" />,
              },
              { label: 'Description', value: p.Description ?? '-' },
              { label: 'Default version', value: p.DefaultVersionId },
            ]}
          />
        </Container>
        <Tabs
          activeTabId={tab}
          onChange={({ detail }) => setTab(detail.activeTabId)}
          tabs={[
            { id: 'permissions', label: 'Permissions', content: <PermissionsTab policy={p} /> },
            { id: 'entities', label: 'Entities attached', content: <EntitiesTab policy={p} /> },
            { id: 'versions', label: 'Policy versions', content: <VersionsTab policy={p} /> },
            { id: 'access-advisor', label: ACCESS_ADVISOR_TAB_LABEL, content: <AccessAdvisorTab arn={p.Arn} subject="policy" policyName={p.PolicyName} /> },
          ]}
        />
      </SpaceBetween>
      {deleting && (
        <DeletePolicyModal
          policy={p}
          onClose={() => setDeleting(false)}
          onDeleted={() => void navigate('/policies', { state: { flash: `Policy ${p.PolicyName} deleted.` } })}
        />
      )}
    </ContentLayout>
  );
}
