// The inline policies of a user, group or role: list, create and edit with the one policy editor
// of the console (Visual / JSON, the policy engine's findings live while typing, the size limit
// of the entity's kind), delete with confirmation. Inline policies have no versions; Put replaces
// a policy of the same name.
//
// Import only from lazily loaded pages: the editor brings CodeMirror and the policy engine.
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { inlineKeys, useDeleteInlinePolicyMutation, usePutInlinePolicyMutation } from '../api/queries/groups.ts';
import { callIam, listAll, policyDocumentText } from '../api/queries/policies.ts';
import { roleKeys, useDeleteRolePolicyMutation, usePutRolePolicyMutation } from '../api/queries/roles.ts';
import { PolicyPermissionsEditor } from '../features/policies/policy-permissions-editor.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { FormModal } from './form-modal.tsx';
import { countFindings, policyFindings } from './policies-json-editor.tsx';

export type InlinePolicyOwner = 'User' | 'Group' | 'Role';

/** AWS's quota on an entity's inline policies, in non-whitespace characters (all of them together; one document at most). */
export const INLINE_POLICY_MAX_SIZE: Record<InlinePolicyOwner, number> = { User: 2048, Group: 5120, Role: 10240 };

const IAM_NAME = /^[\w+=,.@-]+$/;

export const NEW_INLINE_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [], Resource: [] }] }, null, 2);

/** The policy name rule (CreatePolicy's): 1–128 of alphanumerics and +=,.@-_; undefined when it holds. */
export function inlinePolicyNameError(name: string): string | undefined {
  if (name === '') return 'Enter a policy name.';
  if (name.length > 128) return 'The policy name can have at most 128 characters.';
  if (!IAM_NAME.test(name)) return 'Use alphanumeric and +=,.@-_ characters only.';
  return undefined;
}

/**
 * The calls of one entity's inline policies, whichever kind it is: List/Get/Put/Delete{Kind}Policy
 * with {Kind}Name, cached under the keys the entity's own queries use (so its permissions table
 * follows).
 */
function useInlinePolicies(kind: InlinePolicyOwner, name: string) {
  const putUserOrGroup = usePutInlinePolicyMutation();
  const deleteUserOrGroup = useDeleteInlinePolicyMutation();
  const putRole = usePutRolePolicyMutation();
  const deleteRole = useDeleteRolePolicyMutation();
  const listKey: readonly string[] = kind === 'Role' ? roleKeys.inline(name) : inlineKeys.list(kind, name);
  const list = useQuery({
    queryKey: listKey,
    queryFn: () => listAll<string, { IsTruncated?: boolean; Marker?: string; PolicyNames: string[] }>(`List${kind}Policies`, { [`${kind}Name`]: name }, (r) => r.PolicyNames),
  });
  return {
    list,
    documentQuery: (policyName: string) => ({
      queryKey: (kind === 'Role' ? roleKeys.inlinePolicy(name, policyName) : inlineKeys.document(kind, name, policyName)) as readonly string[],
      queryFn: () => callIam<{ PolicyDocument: string }>(`Get${kind}Policy`, { [`${kind}Name`]: name, PolicyName: policyName }).then((r) => r.PolicyDocument),
    }),
    put: (PolicyName: string, PolicyDocument: string) =>
      kind === 'Role' ? putRole.mutateAsync({ RoleName: name, PolicyName, PolicyDocument }) : putUserOrGroup.mutateAsync({ kind, name, PolicyName, PolicyDocument }),
    remove: (PolicyName: string) => (kind === 'Role' ? deleteRole.mutateAsync({ RoleName: name, PolicyName }) : deleteUserOrGroup.mutateAsync({ kind, name, PolicyName })),
  };
}

export interface InlinePolicyEditorModalProps {
  kind: InlinePolicyOwner;
  /** The user's, group's or role's name. */
  entityName: string;
  /** The policy to edit; undefined to create one. */
  policyName?: string;
  /** The current document of the edited policy (undefined while it loads). */
  initialDocument?: string;
  onSave: (policyName: string, document: string) => Promise<unknown>;
  onClose: () => void;
}

/** Create or edit one inline policy: its name (fixed when editing) and the policy editor. */
export function InlinePolicyEditorModal({ kind, entityName, policyName, initialDocument, onSave, onClose }: InlinePolicyEditorModalProps) {
  const editing = policyName !== undefined;
  const [name, setName] = useState(policyName ?? '');
  const [text, setText] = useState(initialDocument ?? NEW_INLINE_POLICY);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const maxSize = INLINE_POLICY_MAX_SIZE[kind];
  const errors = countFindings(useMemo(() => policyFindings(text, 'IDENTITY_POLICY', maxSize), [text, maxSize])).ERROR;
  const nameError = editing ? undefined : inlinePolicyNameError(name);

  const save = () => {
    setSubmitted(true);
    if (nameError || errors > 0) return;
    setSaving(true);
    setSaveError(null);
    onSave(name, text).then(onClose, (error: unknown) => {
      setSaving(false);
      setSaveError(error);
    });
  };

  return (
    <FormModal header={editing ? `Edit ${policyName}` : `Create inline policy for ${entityName}`} submitLabel={editing ? 'Save changes' : 'Create policy'} size="max" loading={saving} onSubmit={save} onClose={onClose}>
      <SpaceBetween size="m">
        {submitted && errors > 0 && (
          <Alert type="error" header="Resolve the errors in the policy to save it">
            {`The policy has ${errors} ${errors === 1 ? 'error' : 'errors'}.`}
          </Alert>
        )}
        {saveError !== null && <ApiErrorAlert error={saveError} header="The policy was not saved" />}
        <FormField
          label="Policy name"
          errorText={submitted || name !== '' ? nameError : undefined}
          constraintText="Maximum 128 characters. Use alphanumeric and +=,.@-_ characters."
        >
          <Input value={name} disabled={editing} onChange={({ detail }) => setName(detail.value)} />
        </FormField>
        <SpaceBetween size="xs">
          <Header variant="h3" description={`The inline policies of a ${kind.toLowerCase()} can have up to ${maxSize.toLocaleString('en-US')} characters in all, not counting white space.`}>
            Policy document
          </Header>
          <PolicyPermissionsEditor text={text} onChange={setText} initialMode="json" ariaLabel="Policy document" maxSize={maxSize} />
        </SpaceBetween>
      </SpaceBetween>
    </FormModal>
  );
}

/** Loads an existing policy's document, then opens the editor on it. */
function EditExisting({ kind, entityName, policyName, documentQuery, onSave, onClose }: {
  kind: InlinePolicyOwner;
  entityName: string;
  policyName: string;
  documentQuery: ReturnType<typeof useInlinePolicies>['documentQuery'];
  onSave: InlinePolicyEditorModalProps['onSave'];
  onClose: () => void;
}) {
  const document = useQuery(documentQuery(policyName));
  if (document.isError) {
    return (
      <FormModal header={`Edit ${policyName}`} submitLabel="Save changes" disabled onSubmit={() => undefined} onClose={onClose}>
        <ApiErrorAlert error={document.error} header="The policy could not be loaded" />
      </FormModal>
    );
  }
  if (document.data === undefined) {
    return (
      <FormModal header={`Edit ${policyName}`} submitLabel="Save changes" disabled onSubmit={() => undefined} onClose={onClose}>
        <Spinner />
      </FormModal>
    );
  }
  return <InlinePolicyEditorModal kind={kind} entityName={entityName} policyName={policyName} initialDocument={policyDocumentText(document.data)} onSave={onSave} onClose={onClose} />;
}

export interface InlinePolicyPanelProps {
  kind: InlinePolicyOwner;
  name: string;
  /** Listing only (service-linked roles). */
  readOnly?: boolean;
}

/** The "Inline policies" table of an entity with Create, Edit and Delete. */
export function InlinePolicyPanel({ kind, name, readOnly = false }: InlinePolicyPanelProps) {
  const api = useInlinePolicies(kind, name);
  const [selected, setSelected] = useState<string[]>([]);
  /** undefined: closed; '': creating; a name: editing that policy. */
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [deleteState, setDeleteState] = useState<{ pending: boolean; error: unknown }>({ pending: false, error: null });
  const names = api.list.data ?? [];

  const confirmDelete = (policyName: string) => {
    setDeleteState({ pending: true, error: null });
    api.remove(policyName).then(
      () => {
        setDeleteState({ pending: false, error: null });
        setDeleting(null);
        setSelected([]);
      },
      (error: unknown) => setDeleteState({ pending: false, error }),
    );
  };

  return (
    <SpaceBetween size="s">
      {api.list.isError && <ApiErrorAlert error={api.list.error} header="The inline policies could not be loaded" />}
      <Table<{ name: string }>
        variant="container"
        items={names.map((n) => ({ name: n }))}
        loading={api.list.isPending}
        loadingText="Loading inline policies"
        trackBy="name"
        {...(readOnly ? {} : { selectionType: 'single' as const })}
        selectedItems={selected.map((n) => ({ name: n }))}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems.map((i) => i.name))}
        ariaLabels={{ selectionGroupLabel: 'Inline policies', itemSelectionLabel: (_s, item) => item.name, allItemsSelectionLabel: () => 'All' }}
        empty={<Box textAlign="center">No inline policies</Box>}
        header={
          <Header
            variant="h2"
            counter={`(${names.length})`}
            description={`Policies embedded in this ${kind.toLowerCase()} only. Up to ${INLINE_POLICY_MAX_SIZE[kind].toLocaleString('en-US')} characters in all.`}
            actions={
              !readOnly && (
                <SpaceBetween direction="horizontal" size="xs">
                  <Button disabled={selected.length !== 1} ariaLabel="Edit inline policy" onClick={() => setEditing(selected[0])}>
                    Edit
                  </Button>
                  <Button disabled={selected.length !== 1} ariaLabel="Delete inline policy" onClick={() => setDeleting(selected[0] ?? null)}>
                    Delete
                  </Button>
                  <Button onClick={() => setEditing('')}>Create inline policy</Button>
                </SpaceBetween>
              )
            }
          >
            Inline policies
          </Header>
        }
        columnDefinitions={[{ id: 'name', header: 'Policy name', cell: (item) => item.name }]}
      />
      {editing === '' && <InlinePolicyEditorModal kind={kind} entityName={name} onSave={api.put} onClose={() => setEditing(undefined)} />}
      {editing !== undefined && editing !== '' && (
        <EditExisting kind={kind} entityName={name} policyName={editing} documentQuery={api.documentQuery} onSave={api.put} onClose={() => setEditing(undefined)} />
      )}
      {deleting !== null && (
        <FormModal
          header={`Delete ${deleting}?`}
          submitLabel="Delete"
          loading={deleteState.pending}
          onSubmit={() => confirmDelete(deleting)}
          onClose={() => {
            setDeleting(null);
            setDeleteState({ pending: false, error: null });
          }}
        >
          <SpaceBetween size="m">
            {deleteState.error !== null && <ApiErrorAlert error={deleteState.error} header="The policy was not deleted" />}
            <Box>
              The inline policy {deleting} will be removed from {name}. This cannot be undone.
            </Box>
          </SpaceBetween>
        </FormModal>
      )}
    </SpaceBetween>
  );
}
