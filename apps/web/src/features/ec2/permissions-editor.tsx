// The Permissions of an AMI or snapshot, for its owner: who may use it (SharingPanel), and
// "Edit AMI permissions" / "Modify permissions": availability (Private / Public, public asks for
// confirmation), the shared accounts with "Add account ID" and "Remove selected", and Save, which
// hands the Add/Remove lists to the page.
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useState, type ReactNode } from 'react';
import type { Ec2Grant, Ec2GrantInput } from '../../api/queries/ec2.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { SharingSummary } from './ec2-shared.tsx';
import { accountIdError, permissionDiff, sharingFromGrants, type SharingState } from './permissions.ts';

type SharedKind = 'AMI' | 'snapshot';
type PermissionDiff = { Add: Ec2GrantInput[]; Remove: Ec2GrantInput[] };

/** How the console names an AMI's launch permission and a snapshot's create volume permission. */
const SHARING_TEXT: Record<SharedKind, { edit: string; availability: string; loadError: string }> = {
  AMI: { edit: 'Edit AMI permissions', availability: 'AMI availability', loadError: 'The launch permissions could not be loaded' },
  snapshot: { edit: 'Modify permissions', availability: 'Snapshot availability', loadError: 'The create volume permissions could not be loaded' },
};

interface PermissionsEditorProps {
  kind: SharedKind;
  header: string;
  ownerId: string;
  current: SharingState;
  saving: boolean;
  error: unknown;
  /** The AMI's "create volume" checkbox for its associated snapshots. */
  snapshotIds?: string[];
  onSave: (diff: PermissionDiff, shareSnapshots: boolean) => void;
  onCancel: () => void;
}

export function PermissionsEditor({ kind, header, ownerId, current, saving, error, snapshotIds, onSave, onCancel }: PermissionsEditorProps) {
  const [isPublic, setIsPublic] = useState(current.isPublic);
  const [accounts, setAccounts] = useState(current.accounts);
  const [selected, setSelected] = useState<{ accountId: string }[]>([]);
  const [newAccount, setNewAccount] = useState('');
  const [accountError, setAccountError] = useState<string>();
  const [confirmingPublic, setConfirmingPublic] = useState(false);
  const [shareSnapshots, setShareSnapshots] = useState(false);
  const availabilityLabel = SHARING_TEXT[kind].availability;

  const addAccount = () => {
    const problem = accountIdError(newAccount, accounts, ownerId);
    setAccountError(problem);
    if (problem) return;
    setAccounts([...accounts, newAccount.trim()]);
    setNewAccount('');
  };

  const diff = permissionDiff(current, { isPublic, accounts });
  const changed = diff.Add.length + diff.Remove.length > 0;

  let snapshotOption: ReactNode = null;
  if (snapshotIds?.length) {
    snapshotOption = (
      <Checkbox checked={shareSnapshots} onChange={({ detail }) => setShareSnapshots(detail.checked)} description={snapshotIds.join(', ')}>
        Add &quot;create volume&quot; permissions to the following associated snapshots when creating account permissions
      </Checkbox>
    );
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (changed) onSave(diff, shareSnapshots);
        else onCancel();
      }}
    >
      <Form
        header={<Header variant="h2">{header}</Header>}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" variant="link" onClick={onCancel}>
              Cancel
            </Button>
            <Button variant="primary" loading={saving}>
              Save changes
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          {Boolean(error) && <ApiErrorAlert error={error} header="The permissions could not be saved" />}
          <Container header={<Header variant="h3">{availabilityLabel}</Header>}>
            <FormField label={availabilityLabel}>
              <RadioGroup
                ariaLabel={availabilityLabel}
                value={isPublic ? 'public' : 'private'}
                onChange={({ detail }) => {
                  if (detail.value === 'public') setConfirmingPublic(true);
                  else setIsPublic(false);
                }}
                items={[
                  { value: 'private', label: 'Private', description: `Only you and the accounts you specify can ${kind === 'AMI' ? 'launch this AMI' : 'create volumes from this snapshot'}.` },
                  { value: 'public', label: 'Public', description: `All AWS accounts can ${kind === 'AMI' ? 'launch this AMI' : 'create volumes from this snapshot'}.` },
                ]}
              />
            </FormField>
          </Container>
          <Table<{ accountId: string }>
            variant="container"
            items={accounts.map((accountId) => ({ accountId }))}
            trackBy="accountId"
            selectionType="multi"
            selectedItems={selected}
            onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
            ariaLabels={{ selectionGroupLabel: 'Shared accounts selection', itemSelectionLabel: (_s, item) => item.accountId, allItemsSelectionLabel: () => 'Select all shared accounts' }}
            header={
              <Header
                variant="h3"
                counter={`(${accounts.length})`}
                description={`${kind === 'AMI' ? 'The AMI' : 'The snapshot'} is shared with these AWS accounts.`}
                actions={
                  <Button
                    formAction="none"
                    disabled={selected.length === 0}
                    onClick={() => {
                      const doomed = new Set(selected.map((s) => s.accountId));
                      setAccounts(accounts.filter((a) => !doomed.has(a)));
                      setSelected([]);
                    }}
                  >
                    Remove selected
                  </Button>
                }
              >
                Shared accounts
              </Header>
            }
            columnDefinitions={[{ id: 'account', header: 'AWS account ID', cell: (a) => a.accountId }]}
            empty={<Box textAlign="center">No accounts. Add an account ID to share.</Box>}
            footer={
              <SpaceBetween size="s">
                <FormField label="AWS account ID" description="The 12-digit ID of the account to share with." errorText={accountError}>
                  <Input
                    value={newAccount}
                    inputMode="numeric"
                    onChange={({ detail }) => {
                      setNewAccount(detail.value);
                      setAccountError(undefined);
                    }}
                    onKeyDown={({ detail }) => {
                      if (detail.key === 'Enter') addAccount();
                    }}
                  />
                </FormField>
                <Button formAction="none" onClick={addAccount}>
                  Add account ID
                </Button>
              </SpaceBetween>
            }
          />
          {snapshotOption}
          {isPublic && !current.isPublic && <Alert type="warning">When you save, every AWS account will be able to {kind === 'AMI' ? 'launch this AMI' : 'create volumes from this snapshot'}.</Alert>}
        </SpaceBetween>
      </Form>
      <Modal
        visible={confirmingPublic}
        onDismiss={() => setConfirmingPublic(false)}
        header={kind === 'AMI' ? 'Make AMI public' : 'Make snapshot public'}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button formAction="none" variant="link" onClick={() => setConfirmingPublic(false)}>
                Cancel
              </Button>
              <Button
                formAction="none"
                variant="primary"
                onClick={() => {
                  setIsPublic(true);
                  setConfirmingPublic(false);
                }}
              >
                Confirm
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        {kind === 'AMI'
          ? 'Making this AMI public lets every AWS account launch instances from it. Make sure it holds no sensitive data.'
          : 'Making this snapshot public lets every AWS account create volumes from it and read its data.'}
      </Modal>
    </form>
  );
}

interface SharingPanelProps {
  kind: SharedKind;
  /** The AMI's or snapshot's ID. */
  resourceId: string;
  ownerId: string;
  permission: { data?: Ec2Grant[] | undefined; isPending: boolean; isError: boolean; error: unknown };
  editing: boolean;
  /** Leaves the editor; with the flash message when the change was saved. */
  onDone: (savedMessage?: string) => void;
  modify: { isPending: boolean; error: unknown; reset: () => void };
  save: (diff: PermissionDiff, options: { shareSnapshots: boolean; onSuccess: () => void }) => void;
  snapshotIds?: string[];
}

/** The owner's Permissions panel: who may use the AMI or snapshot, or the editor while editing. */
export function SharingPanel({ kind, resourceId, ownerId, permission, editing, onDone, modify, save, snapshotIds }: SharingPanelProps) {
  const sharing = permission.data ? sharingFromGrants(permission.data) : undefined;
  const text = SHARING_TEXT[kind];
  if (!editing || !sharing) return <SharingSummary label={text.availability} permission={permission} sharing={sharing} loadError={text.loadError} />;
  return (
    <PermissionsEditor
      kind={kind}
      header={text.edit}
      ownerId={ownerId}
      current={sharing}
      saving={modify.isPending}
      error={modify.error}
      {...(snapshotIds ? { snapshotIds } : {})}
      onCancel={() => {
        modify.reset();
        onDone();
      }}
      onSave={(diff, shareSnapshots) => save(diff, { shareSnapshots, onSuccess: () => onDone(`The permissions of ${resourceId} were updated.`) })}
    />
  );
}
