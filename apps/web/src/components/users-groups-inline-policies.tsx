// The inline policies of a user or group: list, create / edit as JSON, delete. Inline policies
// have no versions; Put replaces a policy of the same name. Shared by users and groups.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  inlinePoliciesQuery,
  inlinePolicyQuery,
  useDeleteInlinePolicyMutation,
  usePutInlinePolicyMutation,
  type InlineKind,
} from '../api/queries/groups.ts';
import { policyDocumentText } from '../api/queries/policies.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';

const IAM_NAME = /^[\w+=,.@-]+$/;
const EXAMPLE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '', Resource: '*' }] }, null, 2);

/** Checks an inline policy before it is sent: the name rule and JSON syntax (the server checks the grammar). */
export function inlinePolicyErrors(name: string, document: string): { name?: string; document?: string } {
  const errors: { name?: string; document?: string } = {};
  if (name === '') errors.name = 'Enter a policy name.';
  else if (name.length > 128) errors.name = 'The policy name can have at most 128 characters.';
  else if (!IAM_NAME.test(name)) errors.name = 'Use alphanumeric and +=,.@-_ characters only.';
  try {
    JSON.parse(document);
  } catch (error) {
    errors.document = `The policy is not valid JSON: ${(error as Error).message}`;
  }
  return errors;
}

function EditorModal({ kind, name, policyName, onClose }: { kind: InlineKind; name: string; policyName: string | null; onClose: () => void }) {
  const editing = policyName !== null && policyName !== '';
  const existing = useQuery({ ...inlinePolicyQuery(kind, name, policyName ?? ''), enabled: editing });
  const put = usePutInlinePolicyMutation();
  const [policyNameValue, setPolicyName] = useState(policyName ?? '');
  const [document, setDocument] = useState(editing ? '' : EXAMPLE);
  const [submitted, setSubmitted] = useState(false);
  useEffect(() => {
    if (existing.data !== undefined) setDocument(policyDocumentText(existing.data));
  }, [existing.data]);
  const errors = submitted ? inlinePolicyErrors(policyNameValue, document) : {};

  const save = () => {
    setSubmitted(true);
    if (Object.keys(inlinePolicyErrors(policyNameValue, document)).length) return;
    put.mutate({ kind, name, PolicyName: policyNameValue, PolicyDocument: document }, { onSuccess: onClose });
  };

  return (
    <Modal
      visible
      size="large"
      onDismiss={onClose}
      header={editing ? `Edit ${policyName}` : 'Create inline policy'}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" loading={put.isPending} onClick={save}>
              {editing ? 'Save changes' : 'Create policy'}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        {put.isError && <ApiErrorAlert error={put.error} header="The policy was not saved" />}
        {existing.isError && <ApiErrorAlert error={existing.error} />}
        <FormField label="Policy name" errorText={errors.name} constraintText="Maximum 128 characters. Use alphanumeric and +=,.@-_ characters.">
          <Input value={policyNameValue} disabled={editing} onChange={({ detail }) => setPolicyName(detail.value)} />
        </FormField>
        <FormField label="Policy document" errorText={errors.document} stretch>
          <Textarea value={document} rows={16} spellcheck={false} onChange={({ detail }) => setDocument(detail.value)} />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}

export function InlinePoliciesSection({ kind, name }: { kind: InlineKind; name: string }) {
  const list = useQuery(inlinePoliciesQuery(kind, name));
  const remove = useDeleteInlinePolicyMutation();
  const [editing, setEditing] = useState<string | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);

  return (
    <SpaceBetween size="s">
      {list.isError && <ApiErrorAlert error={list.error} header="The inline policies could not be loaded" />}
      {remove.isError && <ApiErrorAlert error={remove.error} header="The policy was not deleted" />}
      <Table<{ name: string }>
        variant="container"
        items={(list.data ?? []).map((n) => ({ name: n }))}
        loading={list.isPending}
        loadingText="Loading inline policies"
        trackBy="name"
        selectionType="single"
        selectedItems={selected.map((n) => ({ name: n }))}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems.map((i) => i.name))}
        ariaLabels={{ selectionGroupLabel: 'Inline policies', itemSelectionLabel: (_s, item) => item.name, allItemsSelectionLabel: () => 'All' }}
        empty={<Box textAlign="center">No inline policies</Box>}
        header={
          <Header
            counter={`(${list.data?.length ?? 0})`}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={selected.length !== 1} onClick={() => setEditing(selected[0] ?? null)}>
                  Edit
                </Button>
                <Button disabled={selected.length !== 1} onClick={() => setDeleting(selected[0] ?? null)}>
                  Delete
                </Button>
                <Button onClick={() => setEditing(null)}>Create inline policy</Button>
              </SpaceBetween>
            }
          >
            Inline policies
          </Header>
        }
        columnDefinitions={[{ id: 'name', header: 'Policy name', cell: (item) => item.name }]}
      />
      {editing !== undefined && <EditorModal kind={kind} name={name} policyName={editing} onClose={() => setEditing(undefined)} />}
      {deleting !== null && (
        <Modal
          visible
          header={`Delete ${deleting}?`}
          onDismiss={() => setDeleting(null)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setDeleting(null)}>
                  Cancel
                </Button>
                <Button
                  variant="primary"
                  loading={remove.isPending}
                  onClick={() =>
                    remove.mutate(
                      { kind, name, PolicyName: deleting },
                      {
                        onSettled: () => {
                          setDeleting(null);
                          setSelected([]);
                        },
                      },
                    )
                  }
                >
                  Delete
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          The inline policy {deleting} will be removed from {name}. This cannot be undone.
        </Modal>
      )}
    </SpaceBetween>
  );
}
