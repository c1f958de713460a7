// The building blocks of a credentials section (access keys, SSH public keys, HTTPS Git
// credentials, MFA devices): a table of one principal's credentials with single selection, the
// section's actions for the selected one, a confirmed delete, the Active / Inactive status, and the
// secret that is shown once after it is created. A section passes configuration, not layout.
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import { useState, type ReactNode } from 'react';
import type { Permitted, SelfServiceAction } from '../app/permissions.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { ConfirmDeleteModal } from './users-groups-delete-modal.tsx';

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The other status: what "Activate" / "Deactivate" sets. */
export function toggledStatus(status: string): 'Active' | 'Inactive' {
  return status === 'Active' ? 'Inactive' : 'Active';
}

/** A credential's Active / Inactive status. */
export function CredentialStatus({ status }: { status: string }) {
  return <StatusIndicator type={status === 'Active' ? 'success' : 'stopped'}>{status}</StatusIndicator>;
}

/** A secret shown once (a password, a secret access key): masked until Show, with a copy button. */
export function ShownOnce({ label, value }: { label: string; value: string }) {
  const [shown, setShown] = useState(false);
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      <span style={{ fontFamily: 'monospace' }}>{shown ? value : '*'.repeat(16)}</span>
      <Button variant="inline-link" ariaLabel={`${shown ? 'Hide' : 'Show'} ${label}`} onClick={() => setShown((s) => !s)}>
        {shown ? 'Hide' : 'Show'}
      </Button>
      <CopyToClipboard variant="icon" textToCopy={value} copyButtonAriaLabel={`Copy ${label}`} copySuccessText={`${label} copied`} copyErrorText={`${label} failed to copy`} />
    </SpaceBetween>
  );
}

interface ShownOnceField {
  /** The pair's label: "Access key". */
  label: string;
  /** What the copy button and Show name, in a sentence: "access key ID". */
  name: string;
  value: string;
}

export interface SecretShownOnceModalProps {
  header: string;
  /** Why this is the only time: the secret cannot be recovered. */
  warning: string;
  /** The credential's public part (an access key ID, a user name), with a copy button. */
  identifier: ShownOnceField;
  /** The secret, masked until Show. */
  secret: ShownOnceField;
  /** The download of the credential as a file (a .csv). */
  download: { label: string; onDownload: () => void };
  closeLabel: string;
  onClose: () => void;
}

/** A credential just created (or a password just reset), with its secret: this once only. */
export function SecretShownOnceModal({ header, warning, identifier, secret, download, closeLabel, onClose }: SecretShownOnceModalProps) {
  return (
    <Modal
      visible
      size="large"
      header={header}
      onDismiss={onClose}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button iconName="download" onClick={download.onDownload}>
              {download.label}
            </Button>
            <Button variant="primary" onClick={onClose}>
              {closeLabel}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Alert type="warning">{warning}</Alert>
        <KeyValuePairs
          columns={2}
          items={[
            {
              label: identifier.label,
              value: (
                <CopyToClipboard
                  variant="inline"
                  textToCopy={identifier.value}
                  copyButtonAriaLabel={`Copy ${identifier.name}`}
                  copySuccessText={`${capitalized(identifier.name)} copied`}
                  copyErrorText={`${capitalized(identifier.name)} failed to copy`}
                />
              ),
            },
            { label: secret.label, value: <ShownOnce label={secret.name} value={secret.value} /> },
          ]}
        />
      </SpaceBetween>
    </Modal>
  );
}

/**
 * May the viewer use a section's button that needs `action`, with the reason when not? My
 * security credentials asks about the caller's own user; the API decides every call regardless.
 */
export type CredentialPermission = (action: SelfServiceAction) => Permitted;

/** Every button offered (a user's Security credentials tab, the root user's MFA): the API decides. */
export const everyActionOffered: CredentialPermission = () => ({ allowed: true });

/** A button that performs all of `actions` (one after the other): refused as the first refused one. */
export function permittedAll(mayPerform: CredentialPermission, actions: SelfServiceAction[]): Permitted {
  return actions.map(mayPerform).find((p) => !p.allowed) ?? { allowed: true };
}

/** The selected credential, as the section's actions and modals see it. */
export interface CredentialSelection<T> {
  item: T | undefined;
  /** Opens the delete confirmation for the selected credential. */
  askDelete: () => void;
}

export interface CredentialTableProps<T> {
  title: string;
  /** The credentials in a sentence: "access keys", "SSH public keys". */
  resourceName: string;
  description: string;
  list: { data?: T[] | undefined; isPending: boolean; isError: boolean; error: unknown };
  trackBy: keyof T & string;
  itemLabel: (item: T) => string;
  empty: string;
  columns: TableProps.ColumnDefinition<T>[];
  /** A failed action's error (create, activate …), above the table. */
  error?: unknown;
  /** A success notice above the table. */
  notice?: ReactNode;
  /** The header's buttons. */
  actions: (selection: CredentialSelection<T>) => ReactNode;
  /** Deleting (or removing) the selected credential, after the console's typed confirmation. */
  deletion: {
    header: (item: T) => string;
    names: (item: T) => string[];
    confirmLabel?: string;
    warning: (item: T) => ReactNode;
    mutation: { isPending: boolean; error: unknown };
    run: (item: T, onSuccess: () => void) => void;
  };
  /** The modals the actions open. */
  modals?: (selection: CredentialSelection<T>) => ReactNode;
}

export function CredentialTable<T>({ title, resourceName, description, list, trackBy, itemLabel, empty, columns, error, notice, actions, deletion, modals }: CredentialTableProps<T>) {
  const [selected, setSelected] = useState<T[]>([]);
  const [deleting, setDeleting] = useState(false);
  const items = list.data ?? [];
  // The selection follows the list as it reloads: after Activate / Deactivate the row stays
  // selected and the actions see its new status; a deleted credential drops out of it.
  const chosen = selected[0];
  const item = chosen && items.find((i) => i[trackBy] === chosen[trackBy]);
  const selection: CredentialSelection<T> = { item, askDelete: () => setDeleting(true) };

  return (
    <SpaceBetween size="s">
      {list.isError && <ApiErrorAlert error={list.error} header={`The ${resourceName} could not be loaded`} />}
      {Boolean(error) && <ApiErrorAlert error={error} />}
      {notice}
      <Table<T>
        items={items}
        loading={list.isPending}
        loadingText={`Loading ${resourceName}`}
        trackBy={trackBy}
        variant="container"
        selectionType="single"
        selectedItems={item ? [item] : []}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: capitalized(resourceName), itemSelectionLabel: (_s, i) => itemLabel(i), allItemsSelectionLabel: () => '' }}
        empty={<Box textAlign="center">{empty}</Box>}
        header={
          <Header counter={`(${items.length})`} description={description} actions={actions(selection)}>
            {title}
          </Header>
        }
        columnDefinitions={columns}
      />
      {modals?.(selection)}
      {deleting && item && (
        <ConfirmDeleteModal
          header={deletion.header(item)}
          names={deletion.names(item)}
          {...(deletion.confirmLabel ? { confirmLabel: deletion.confirmLabel } : {})}
          loading={deletion.mutation.isPending}
          error={deletion.mutation.error}
          onDismiss={() => setDeleting(false)}
          onConfirm={() =>
            deletion.run(item, () => {
              setDeleting(false);
              setSelected([]);
            })
          }
        >
          <Box>{deletion.warning(item)}</Box>
        </ConfirmDeleteModal>
      )}
    </SpaceBetween>
  );
}
