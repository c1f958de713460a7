// Group membership seen from either side: a user's groups, or a group's users. One table of the
// related entities (linked, filtered, paged) with Remove, and an "add" dialog that picks more
// from the ones not related yet. The features pass names, labels and the calls.
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { useFollow } from './entity-detail.tsx';
import { FormModal } from './form-modal.tsx';

export interface MemberColumn<T> {
  id: string;
  header: string;
  cell: (item: T) => ReactNode;
}

/** What both the table and the dialog need to show one kind of entity. */
export interface MemberKind<T> {
  nameOf: (item: T) => string;
  /** "User name" / "Group name". */
  nameHeader: string;
  /** Where an entity's name links to (the table only). */
  hrefOf: (name: string) => string;
  /** Columns after the name. */
  columns: MemberColumn<T>[];
  /** "Users selection" … */
  selectionGroupLabel: string;
  /** "Select all users" … */
  allItemsSelectionLabel: string;
  /** "Find users" … */
  findLabel: string;
}

function useFiltered<T>(kind: MemberKind<T>, items: T[], empty: string, pageSize: number) {
  return useCollection(items, {
    filtering: { filteringFunction: (item, text) => kind.nameOf(item).toLowerCase().includes(text.toLowerCase()), empty: <Box textAlign="center">{empty}</Box> },
    pagination: { pageSize },
  });
}

export interface AddMembersModalProps<T> {
  kind: MemberKind<T>;
  header: string;
  confirmLabel: string;
  /** Candidates (already related ones filtered out by the caller). */
  candidates: T[];
  loading?: boolean;
  loadError?: unknown;
  empty: string;
  errorHeader: string;
  onAdd: (names: string[]) => Promise<unknown>;
  onClose: () => void;
}

export function AddMembersModal<T>({ kind, header, confirmLabel, candidates, loading = false, loadError, empty, errorHeader, onAdd, onClose }: AddMembersModalProps<T>) {
  const [selected, setSelected] = useState<T[]>([]);
  const add = useMutation({ mutationFn: onAdd, onSuccess: onClose });
  const { items, collectionProps, filterProps, paginationProps } = useFiltered(kind, candidates, empty, 10);
  return (
    <FormModal header={header} submitLabel={confirmLabel} size="large" loading={add.isPending} disabled={selected.length === 0} onSubmit={() => add.mutate(selected.map(kind.nameOf))} onClose={onClose}>
      <SpaceBetween size="s">
        {loadError !== undefined && loadError !== null && <ApiErrorAlert error={loadError} />}
        {add.isError && <ApiErrorAlert error={add.error} header={errorHeader} />}
        <Table<T>
          {...collectionProps}
          items={items}
          loading={loading}
          trackBy={(item) => kind.nameOf(item)}
          selectionType="multi"
          selectedItems={selected}
          onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
          ariaLabels={{ selectionGroupLabel: kind.selectionGroupLabel, itemSelectionLabel: (_s, item) => kind.nameOf(item), allItemsSelectionLabel: () => kind.allItemsSelectionLabel }}
          filter={<TextFilter {...filterProps} filteringPlaceholder={kind.findLabel} filteringAriaLabel={kind.findLabel} />}
          pagination={<Pagination {...paginationProps} />}
          columnDefinitions={[{ id: 'name', header: kind.nameHeader, cell: (item) => kind.nameOf(item) }, ...kind.columns]}
        />
      </SpaceBetween>
    </FormModal>
  );
}

export interface MembershipPanelProps<T> {
  kind: MemberKind<T>;
  items: T[];
  loading?: boolean;
  loadError?: unknown;
  title: string;
  description: string;
  empty: string;
  /** The accessible name of the filter of this table. */
  filterLabel: string;
  addLabel: string;
  removeErrorHeader: string;
  onRemove: (names: string[]) => Promise<unknown>;
  /** The add dialog, given how to close it. */
  renderAdd: (close: () => void) => ReactNode;
}

export function MembershipPanel<T>({ kind, items, loading = false, loadError, title, description, empty, filterLabel, addLabel, removeErrorHeader, onRemove, renderAdd }: MembershipPanelProps<T>) {
  const follow = useFollow();
  const [selected, setSelected] = useState<T[]>([]);
  const [adding, setAdding] = useState(false);
  const remove = useMutation({ mutationFn: onRemove, onSuccess: () => setSelected([]) });
  const { items: shown, collectionProps, filterProps, paginationProps } = useFiltered(kind, items, empty, 20);
  return (
    <SpaceBetween size="s">
      {loadError !== undefined && loadError !== null && <ApiErrorAlert error={loadError} header="The list could not be loaded" />}
      {remove.isError && <ApiErrorAlert error={remove.error} header={removeErrorHeader} />}
      <Table<T>
        {...collectionProps}
        items={shown}
        loading={loading}
        trackBy={(item) => kind.nameOf(item)}
        variant="container"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: kind.selectionGroupLabel, itemSelectionLabel: (_s, item) => kind.nameOf(item), allItemsSelectionLabel: () => kind.allItemsSelectionLabel }}
        empty={<Box textAlign="center">{empty}</Box>}
        header={
          <Header
            counter={`(${items.length})`}
            description={description}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={selected.length === 0} loading={remove.isPending} onClick={() => remove.mutate(selected.map(kind.nameOf))}>
                  Remove
                </Button>
                <Button variant="primary" onClick={() => setAdding(true)}>
                  {addLabel}
                </Button>
              </SpaceBetween>
            }
          >
            {title}
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder={kind.findLabel} filteringAriaLabel={filterLabel} />}
        pagination={<Pagination {...paginationProps} />}
        columnDefinitions={[
          {
            id: 'name',
            header: kind.nameHeader,
            cell: (item) => (
              <Link href={kind.hrefOf(kind.nameOf(item))} onFollow={follow(kind.hrefOf(kind.nameOf(item)))}>
                {kind.nameOf(item)}
              </Link>
            ),
          },
          ...kind.columns,
        ]}
      />
      {adding && renderAdd(() => setAdding(false))}
    </SpaceBetween>
  );
}
