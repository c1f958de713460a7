// What the console's list views (POST /api/console/List*) take: a page of a server-side search,
// sorted on one column. Every list page of the console asks for its rows this way.

export type SortOrder = 'ascending' | 'descending';

/** One page request: the server searches the whole account, sorts, counts and pages. */
export interface ListPageRequest {
  Search?: string;
  SortBy: string;
  SortOrder: SortOrder;
  /** 1-based. */
  Page: number;
  PageSize: number;
}
