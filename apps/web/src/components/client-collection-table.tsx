// A list page over a collection the browser holds whole (the EC2 lists, identity providers): the
// search, sorting and 20-row pages run here (Cloudscape's collection hooks). Lists the server pages
// and searches use ServerCollectionTable.
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import type { ReactNode } from 'react';
import { ApiErrorAlert } from './api-error-alert.tsx';

export interface ClientCollectionTableProps<T> {
  /** The page's heading and the table's name: "Security groups". */
  title: string;
  /** The items in a sentence: "security groups", "AMIs". */
  resourceName: string;
  description?: string;
  actions?: ReactNode;
  list: { data?: readonly T[] | undefined; isPending: boolean; isError: boolean; error: unknown };
  trackBy: TableProps<T>['trackBy'];
  columns: TableProps.ColumnDefinition<T>[];
  defaultSort: { field: string; descending?: boolean };
  /** The search box: its label, and the text of an item it looks in. */
  search?: { label: string; text: (item: T) => string };
  /** Filters before the search box (an owner select). */
  filters?: ReactNode;
  /** Shown when there are none at all; "No <resourceName>" unless given. */
  empty?: ReactNode;
  selection?: { type: TableProps.SelectionType; selected: T[]; onChange: (selected: T[]) => void; itemLabel: (item: T) => string };
  /** Above the table: flashes, an action's error. */
  notifications?: ReactNode;
  /** The page's modals. */
  children?: ReactNode;
}

export function ClientCollectionTable<T>({
  title,
  resourceName,
  description,
  actions,
  list,
  trackBy,
  columns,
  defaultSort,
  search,
  filters,
  empty = <Box textAlign="center">No {resourceName}</Box>,
  selection,
  notifications,
  children,
}: ClientCollectionTableProps<T>) {
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(list.data ?? [], {
    filtering: {
      ...(search ? { filteringFunction: (item: T, text: string) => search.text(item).toLowerCase().includes(text.toLowerCase()) } : {}),
      empty,
      noMatch: <Box textAlign="center">No {resourceName} match the filter</Box>,
    },
    pagination: { pageSize: 20 },
    sorting: { defaultState: { sortingColumn: { sortingField: defaultSort.field }, isDescending: defaultSort.descending ?? false } },
  });
  const searchBox = search && (
    <TextFilter
      {...filterProps}
      filteringPlaceholder={search.label}
      filteringAriaLabel={search.label}
      countText={filteredItemsCount !== undefined ? `${filteredItemsCount} matches` : undefined}
    />
  );

  return (
    <SpaceBetween size="m">
      {notifications}
      {list.isError && <ApiErrorAlert error={list.error} header={`The ${resourceName} could not be loaded`} />}
      <Table<T>
        {...collectionProps}
        items={items}
        loading={list.isPending}
        loadingText={`Loading ${resourceName}`}
        trackBy={trackBy}
        variant="full-page"
        {...(selection
          ? {
              selectionType: selection.type,
              selectedItems: selection.selected,
              onSelectionChange: ({ detail }: { detail: { selectedItems: T[] } }) => selection.onChange(detail.selectedItems),
            }
          : {})}
        ariaLabels={{
          tableLabel: title,
          selectionGroupLabel: `${title} selection`,
          itemSelectionLabel: (_s, item) => selection?.itemLabel(item) ?? '',
          allItemsSelectionLabel: () => `Select all ${resourceName}`,
        }}
        header={
          <Header variant="awsui-h1-sticky" counter={list.data ? `(${list.data.length})` : undefined} description={description} actions={actions}>
            {title}
          </Header>
        }
        filter={
          filters && searchBox ? (
            <SpaceBetween direction="horizontal" size="xs">
              {filters}
              {searchBox}
            </SpaceBetween>
          ) : (
            (filters ?? searchBox)
          )
        }
        pagination={<Pagination {...paginationProps} ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }} />}
        columnDefinitions={columns}
      />
      {children}
    </SpaceBetween>
  );
}
