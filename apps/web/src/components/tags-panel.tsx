// The Tags tab of a user, role or identity provider: the tags as a table, and "Manage tags" to
// edit them all in a dialog (the console's pattern). Saving sends only what changed.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Tag } from '../api/queries/policies.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { FormModal } from './form-modal.tsx';
import { PoliciesTagsEditor, validateTags } from './policies-tags-editor.tsx';

export interface TagChanges {
  /** Tags added or whose value changed (Tag* calls). */
  set: Tag[];
  /** Keys no longer present (Untag* calls). */
  remove: string[];
}

/** What to send to go from `current` to `next`. */
export function tagChanges(current: Tag[], next: Tag[]): TagChanges {
  const keys = new Set(next.map((t) => t.Key));
  return {
    set: next.filter((t) => !current.some((c) => c.Key === t.Key && c.Value === t.Value)),
    remove: current.filter((c) => !keys.has(c.Key)).map((c) => c.Key),
  };
}

export interface TagsPanelProps {
  tags: Tag[];
  loading?: boolean;
  loadError?: unknown;
  /** Sends the changes; `next` is the whole new list. */
  onSave: (changes: TagChanges, next: Tag[]) => Promise<unknown>;
}

function ManageTagsModal({ tags, onSave, onClose }: { tags: Tag[]; onSave: TagsPanelProps['onSave']; onClose: (saved: boolean) => void }) {
  const [next, setNext] = useState<Tag[]>(tags);
  const [submitted, setSubmitted] = useState(false);
  const save = useMutation({ mutationFn: (list: Tag[]) => onSave(tagChanges(tags, list), list), onSuccess: () => onClose(true) });
  const error = validateTags(next);
  return (
    <FormModal
      header="Manage tags"
      submitLabel="Save changes"
      size="large"
      loading={save.isPending}
      onClose={() => onClose(false)}
      onSubmit={() => {
        setSubmitted(true);
        if (!error) save.mutate(next);
      }}
    >
      <SpaceBetween size="m">
        {save.isError && <ApiErrorAlert error={save.error} header="The tags were not saved" />}
        <FormField errorText={submitted ? error : undefined} stretch>
          <PoliciesTagsEditor tags={next} onChange={setNext} />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

export function TagsPanel({ tags, loading = false, loadError, onSave }: TagsPanelProps) {
  const [managing, setManaging] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <SpaceBetween size="s">
      {loadError !== undefined && loadError !== null && <ApiErrorAlert error={loadError} header="The tags could not be loaded" />}
      {saved && <StatusIndicator type="success">Tags saved.</StatusIndicator>}
      <Table<Tag>
        items={tags}
        loading={loading}
        loadingText="Loading tags"
        trackBy="Key"
        variant="container"
        header={
          <Header
            variant="h2"
            counter={`(${tags.length})`}
            actions={
              <Button disabled={loading} onClick={() => setManaging(true)}>
                Manage tags
              </Button>
            }
          >
            Tags
          </Header>
        }
        columnDefinitions={[
          { id: 'key', header: 'Key', cell: (t) => t.Key },
          { id: 'value', header: 'Value', cell: (t) => t.Value || '-' },
        ]}
        empty={<Box textAlign="center">No tags associated with the resource.</Box>}
      />
      {managing && (
        <ManageTagsModal
          tags={tags}
          onSave={onSave}
          onClose={(ok) => {
            setManaging(false);
            setSaved(ok);
          }}
        />
      )}
    </SpaceBetween>
  );
}
