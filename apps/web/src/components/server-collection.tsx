// A list page over a server-side collection, written once for every list of the console: the
// server searches the whole account, sorts, pages and counts (one request per page); the page,
// search text and sort live in the URL (Back from a detail page returns to the same page); page
// size and visible columns are the person's preferences, kept in this browser (localStorage).
import CollectionPreferences, { type CollectionPreferencesProps } from '@cloudscape-design/components/collection-preferences';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Pagination from '@cloudscape-design/components/pagination';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ListPageRequest, SortOrder } from '../api/queries/list-page.ts';
import { useUrlQuery } from '../app/url-query.ts';

export interface CollectionPreferencesValue {
  pageSize: number;
  contentDisplay: ReadonlyArray<CollectionPreferencesProps.ContentDisplayItem>;
}

export const PAGE_SIZES = [10, 25, 50, 100, 250] as const;

/** A column: Cloudscape's definition with an id, and whether a person may hide it. */
export type CollectionColumn<T> = TableProps.ColumnDefinition<T> & { id: string; header: string; alwaysVisible?: boolean; hiddenByDefault?: boolean };

/** Reads the stored preferences, dropping columns that no longer exist and adding new ones. */
export function readPreferences(stored: string | null, columns: { id: string; hiddenByDefault?: boolean }[], defaultPageSize: number): CollectionPreferencesValue {
  const defaults = { pageSize: defaultPageSize, contentDisplay: columns.map((c) => ({ id: c.id, visible: !c.hiddenByDefault })) };
  if (!stored) return defaults;
  try {
    const parsed = JSON.parse(stored) as Partial<CollectionPreferencesValue>;
    const known = new Set(columns.map((c) => c.id));
    const kept = (parsed.contentDisplay ?? []).filter((item) => known.has(item.id));
    const missing = defaults.contentDisplay.filter((item) => !kept.some((k) => k.id === item.id));
    const pageSize = PAGE_SIZES.includes(parsed.pageSize as (typeof PAGE_SIZES)[number]) ? parsed.pageSize! : defaultPageSize;
    return { pageSize, contentDisplay: [...kept, ...missing] };
  } catch {
    return defaults;
  }
}

/** Page size and visible columns of one list, persisted per browser under `storageKey`. */
export function useStoredPreferences(storageKey: string, columns: { id: string; hiddenByDefault?: boolean }[], defaultPageSize = 25) {
  const key = `portcullis:preferences:${storageKey}`;
  const [preferences, setPreferences] = useState(() => readPreferences(localStorage.getItem(key), columns, defaultPageSize));
  const save = (next: CollectionPreferencesValue) => {
    setPreferences(next);
    localStorage.setItem(key, JSON.stringify(next));
  };
  return [preferences, save] as const;
}

/**
 * Page, search text and sort of a list, in the URL's query (`?page=3&search=dev&sort=Groups&order=descending`).
 * Changes replace the history entry: Back leaves the list instead of stepping through its pages;
 * changes made in one moment (a search and a filter) all take effect (`useUrlQuery`).
 */
export function useListUrlState(defaultSort: string, sortFields: readonly string[]) {
  const [params, update] = useUrlQuery();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const search = params.get('search') ?? '';
  const sortParam = params.get('sort');
  const sortBy = sortParam && sortFields.includes(sortParam) ? sortParam : defaultSort;
  const sortOrder: SortOrder = params.get('order') === 'descending' ? 'descending' : 'ascending';
  return {
    page,
    search,
    sortBy,
    sortOrder,
    setPage: (n: number) => update({ page: n > 1 ? String(n) : undefined }),
    setSearch: (text: string) => update({ search: text, page: undefined }),
    setSort: (field: string, order: SortOrder) => update({ sort: field === defaultSort ? undefined : field, order: order === 'descending' ? 'descending' : undefined, page: undefined }),
    /** A further filter of the page's own (a type select), kept in the same query. */
    filter: (name: string) => params.get(name),
    /** Sets a further filter; the list goes back to its first page. */
    setFilter: (name: string, value: string | undefined) => update({ [name]: value, page: undefined }),
  };
}

/** The request for the page the URL and preferences describe. */
export function pageRequest(state: ReturnType<typeof useListUrlState>, pageSize: number): ListPageRequest {
  return { ...(state.search ? { Search: state.search } : {}), SortBy: state.sortBy, SortOrder: state.sortOrder, Page: state.page, PageSize: pageSize };
}

export interface ServerCollectionTableProps<T> {
  /** Singular and plural nouns: "user"/"users". */
  resourceName: { singular: string; plural: string };
  title: string;
  description?: string;
  actions?: ReactNode;
  columns: CollectionColumn<T>[];
  items: readonly T[];
  /** Matches of the search over the whole account; undefined while the first page loads. */
  total: number | undefined;
  loading: boolean;
  state: ReturnType<typeof useListUrlState>;
  preferences: CollectionPreferencesValue;
  onPreferencesChange: (next: CollectionPreferencesValue) => void;
  trackBy: TableProps<T>['trackBy'];
  selectionType?: TableProps<T>['selectionType'];
  selectedItems?: readonly T[];
  onSelectionChange?: (selected: T[]) => void;
  itemLabel?: (item: T) => string;
  /** Shown when the account has none at all (not when a search matches none). */
  empty: ReactNode;
  /** Above the table: load errors. */
  error?: ReactNode;
  /** The search box's name and placeholder; "Find <plural> by name" unless the search covers more. */
  searchLabel?: string;
  /** Further filters beside the search box (a type select). */
  filters?: ReactNode;
}

export function ServerCollectionTable<T>(props: ServerCollectionTableProps<T>) {
  const { state, preferences, resourceName, total } = props;
  const [filterText, setFilterText] = useState(state.search);
  // The URL is the source of truth: follow it when it changes under us (Back, a link), but not
  // when it takes what is being typed (that would drop the keys typed since).
  const committedSearch = useRef(state.search);
  useEffect(() => {
    if (state.search !== committedSearch.current) setFilterText(state.search);
    committedSearch.current = state.search;
  }, [state.search]);
  const pagesCount = Math.max(1, Math.ceil((total ?? 0) / preferences.pageSize));
  const sortingColumn = props.columns.find((c) => c.sortingField === state.sortBy);
  const selectedCount = props.selectedItems?.length ?? 0;
  const searchLabel = props.searchLabel ?? `Find ${resourceName.plural} by name`;
  const counter = total === undefined ? undefined : selectedCount ? `(${selectedCount}/${total})` : `(${total})`;

  const search = (
    <TextFilter
      filteringText={filterText}
      onChange={({ detail }) => setFilterText(detail.filteringText)}
      onDelayedChange={({ detail }) => {
        const text = detail.filteringText.trim();
        if (text === state.search) return;
        committedSearch.current = text;
        state.setSearch(text);
      }}
      filteringPlaceholder={searchLabel}
      filteringAriaLabel={searchLabel}
      countText={state.search && total !== undefined ? `${total} match${total === 1 ? '' : 'es'}` : undefined}
    />
  );

  return (
    <>
      {props.error}
      <Table<T>
        variant="full-page"
        items={props.items}
        trackBy={props.trackBy}
        loading={props.loading}
        loadingText={`Loading ${resourceName.plural}`}
        columnDefinitions={props.columns}
        columnDisplay={preferences.contentDisplay}
        sortingColumn={sortingColumn}
        sortingDescending={state.sortOrder === 'descending'}
        onSortingChange={({ detail }) => state.setSort(detail.sortingColumn.sortingField ?? state.sortBy, detail.isDescending ? 'descending' : 'ascending')}
        {...(props.selectionType
          ? {
              selectionType: props.selectionType,
              selectedItems: props.selectedItems ?? [],
              onSelectionChange: ({ detail }: { detail: { selectedItems: T[] } }) => props.onSelectionChange?.(detail.selectedItems),
            }
          : {})}
        ariaLabels={{
          selectionGroupLabel: `${resourceName.plural} selection`,
          itemSelectionLabel: (_s, item) => props.itemLabel?.(item) ?? '',
          allItemsSelectionLabel: () => `Select all ${resourceName.plural} on this page`,
          tableLabel: props.title,
        }}
        empty={state.search ? <span>No {resourceName.plural} match “{state.search}”</span> : props.empty}
        header={
          <Header variant="awsui-h1-sticky" counter={counter} description={props.description} actions={props.actions}>
            {props.title}
          </Header>
        }
        filter={
          props.filters ? (
            <SpaceBetween direction="horizontal" size="xs">
              {search}
              {props.filters}
            </SpaceBetween>
          ) : (
            search
          )
        }
        pagination={
          <Pagination
            currentPageIndex={Math.min(state.page, pagesCount)}
            pagesCount={pagesCount}
            onChange={({ detail }) => state.setPage(detail.currentPageIndex)}
            ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }}
          />
        }
        preferences={
          <CollectionPreferences
            title="Preferences"
            confirmLabel="Confirm"
            cancelLabel="Cancel"
            preferences={preferences}
            onConfirm={({ detail }) => {
              const pageSize = detail.pageSize ?? preferences.pageSize;
              // Page 3 of 10-row pages is not page 3 of 100-row pages: start over.
              if (pageSize !== preferences.pageSize) state.setPage(1);
              props.onPreferencesChange({ pageSize, contentDisplay: detail.contentDisplay ?? preferences.contentDisplay });
            }}
            pageSizePreference={{ title: 'Page size', options: PAGE_SIZES.map((value) => ({ value, label: `${value} ${resourceName.plural}` })) }}
            contentDisplayPreference={{
              title: 'Column preferences',
              options: props.columns.map((c) => ({ id: c.id, label: c.header, ...(c.alwaysVisible ? { alwaysVisible: true } : {}) })),
            }}
          />
        }
      />
    </>
  );
}
