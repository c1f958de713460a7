// The policies list: AWS managed policies and the account's own. One request per page: the
// server searches names and descriptions over every policy, filters by type, sorts and counts;
// page, search, type and sort are in the URL, page size and columns per browser.
import Button from '@cloudscape-design/components/button';
import Flashbar from '@cloudscape-design/components/flashbar';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { ListPageRequest } from '../../api/queries/list-page.ts';
import { isAwsManaged, policyKeys, policyTypeLabel, policyUsedAs, type Policy, type PolicyScope } from '../../api/queries/policies.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { CreatedFlashbar } from '../../components/created-flash.tsx';
import { usePermitted } from '../../app/permissions.ts';
import { buttonActions } from '../../app/navigation.ts';
import { RouterLink } from '../../components/router-link.tsx';
import { pageRequest, ServerCollectionTable, useListUrlState, useStoredPreferences, type CollectionColumn } from '../../components/server-collection.tsx';
import { DeletePolicyModal } from './delete-policy-modal.tsx';

export const policyHref = (arn: string) => `/policies/details/${encodeURIComponent(arn)}`;

/** One page of the Policies list (under the policies key, so every policy change refreshes it). */
const policiesListPageQuery = (request: ListPageRequest & { Scope: PolicyScope }) =>
  queryOptions({
    queryKey: [...policyKeys.all, 'list-page', request] as const,
    queryFn: () => api.post<{ Policies: Policy[]; TotalCount: number }>('/api/console/ListPolicies', request),
    placeholderData: keepPreviousData,
  });

/** The type filter: ListPolicies' Scope (`?type=AWS` or `?type=Local` in the URL). */
const TYPE_OPTIONS: { value: PolicyScope; label: string }[] = [
  { value: 'All', label: 'All types' },
  { value: 'AWS', label: 'AWS managed' },
  { value: 'Local', label: 'Customer managed' },
];

const COLUMNS: CollectionColumn<Policy>[] = [
  { id: 'name', header: 'Policy name', sortingField: 'PolicyName', alwaysVisible: true, cell: (p) => <RouterLink href={policyHref(p.Arn)}>{p.PolicyName}</RouterLink> },
  { id: 'type', header: 'Type', sortingField: 'Type', cell: (p) => policyTypeLabel(p) },
  { id: 'used', header: 'Used as', sortingField: 'UsedAs', cell: (p) => policyUsedAs(p) },
  { id: 'description', header: 'Description', sortingField: 'Description', cell: (p) => p.Description ?? '' },
  { id: 'path', header: 'Path', hiddenByDefault: true, cell: (p) => p.Path },
  { id: 'arn', header: 'ARN', hiddenByDefault: true, cell: (p) => p.Arn },
];
const SORT_FIELDS = ['PolicyName', 'Type', 'UsedAs', 'Description'];

export function PoliciesPage() {
  const navigate = useNavigate();
  // Buttons the caller's policies would only refuse are disabled, with the reason.
  const mayCreate = usePermitted(buttonActions.createPolicy);
  const mayDelete = usePermitted(buttonActions.deletePolicy);
  const location = useLocation();
  const state = useListUrlState('PolicyName', SORT_FIELDS);
  const type = TYPE_OPTIONS.find((o) => o.value === state.filter('type')) ?? TYPE_OPTIONS[0]!;
  const [preferences, setPreferences] = useStoredPreferences('policies', COLUMNS);
  const page = useQuery(policiesListPageQuery({ ...pageRequest(state, preferences.pageSize), Scope: type.value }));
  const [flash, setFlash] = useState<string | null>((location.state as { flash?: string } | null)?.flash ?? null);
  const [selected, setSelected] = useState<Policy[]>([]);
  const [deleting, setDeleting] = useState<Policy | null>(null);
  const chosen = selected[0];

  // Page 3 of all policies is not page 3 of the customer managed ones: setFilter goes to page 1.
  const setType = (value: string) => state.setFilter('type', value === 'All' ? undefined : value);

  return (
    <SpaceBetween size="m">
      <CreatedFlashbar />
      {flash && <Flashbar items={[{ type: 'success', content: flash, dismissible: true, onDismiss: () => setFlash(null), id: 'flash' }]} />}
      <ServerCollectionTable<Policy>
        resourceName={{ singular: 'policy', plural: 'policies' }}
        title="Policies"
        description="A policy is an object in AWS that defines permissions."
        searchLabel="Filter policies by name or description"
        columns={COLUMNS}
        items={page.data?.Policies ?? []}
        total={page.data?.TotalCount}
        loading={page.isPending || (page.isFetching && page.isPlaceholderData)}
        state={state}
        preferences={preferences}
        onPreferencesChange={setPreferences}
        trackBy="Arn"
        selectionType="single"
        selectedItems={selected}
        onSelectionChange={setSelected}
        itemLabel={(p) => p.PolicyName}
        error={page.isError && <ApiErrorAlert error={page.error} header="The policies could not be loaded" action={<Button onClick={() => void page.refetch()}>Retry</Button>} />}
        filters={
          <Select
            selectedOption={type}
            options={TYPE_OPTIONS}
            onChange={({ detail }) => {
              setSelected([]);
              setType(detail.selectedOption.value ?? 'All');
            }}
            ariaLabel="Filter by type"
          />
        }
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button disabled={!chosen || isAwsManaged(chosen.Arn) || !mayDelete.allowed} disabledReason={mayDelete.reason} onClick={() => setDeleting(chosen ?? null)}>
              Delete
            </Button>
            <Button variant="primary" disabled={!mayCreate.allowed} disabledReason={mayCreate.reason} onClick={() => void navigate('/policies/create')}>
              Create policy
            </Button>
          </SpaceBetween>
        }
        empty="No policies"
      />
      {deleting && (
        <DeletePolicyModal
          policy={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setFlash(`Policy ${deleting.PolicyName} deleted.`);
            setDeleting(null);
            setSelected([]);
          }}
        />
      )}
    </SpaceBetween>
  );
}
