// "AWS accounts": the organization's accounts (ListAccounts), adding one, and setting a member
// account's root user password.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Flashbar, { type FlashbarProps } from '@cloudscape-design/components/flashbar';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import Pagination from '@cloudscape-design/components/pagination';
import { useCollection } from '@cloudscape-design/collection-hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { accountsQuery, type OrganizationAccount } from '../../api/queries/organizations.ts';
import { sessionQuery } from '../../api/queries/session.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { formatDateTime } from '../../components/date-format.ts';
import { SetRootPasswordModal } from './set-root-password-modal.tsx';

export function AccountsPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const session = useQuery(sessionQuery);
  const accounts = useQuery(accountsQuery);
  const created = (location.state as { created?: string } | null)?.created;
  const [flash, setFlash] = useState<string | null>(null);
  const [passwordFor, setPasswordFor] = useState<OrganizationAccount | null>(null);
  const [selected, setSelected] = useState<OrganizationAccount[]>([]);
  const managementId = session.data?.principal.accountId;

  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(accounts.data ?? [], {
    filtering: { filteringFunction: (a, text) => [a.Id, a.Name, a.Email].some((v) => v.toLowerCase().includes(text.toLowerCase())) },
    pagination: { pageSize: 20 },
    sorting: {},
    selection: {},
  });

  const messages: FlashbarProps.MessageDefinition[] = [];
  const message = flash ?? created;
  if (message) messages.push({ id: 'done', type: 'success', content: message, dismissible: true, onDismiss: () => { setFlash(null); void navigate('.', { replace: true, state: null }); } });

  const member = selected[0] && selected[0].Id !== managementId ? selected[0] : undefined;

  return (
    <ContentLayout header={<Header variant="h1" description="The AWS accounts of your organization. The management account creates member accounts and can give their root users a password.">AWS accounts</Header>}>
      <SpaceBetween size="l">
        {messages.length > 0 && <Flashbar items={messages} />}
        {accounts.isError ? (
          <ApiErrorAlert error={accounts.error} header="Failed to load AWS accounts" action={<Button onClick={() => void accounts.refetch()}>Retry</Button>} />
        ) : (
          <Table
            {...collectionProps}
            items={items}
            loading={accounts.isPending}
            loadingText="Loading AWS accounts"
            trackBy="Id"
            selectionType="single"
            selectedItems={selected}
            onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
            ariaLabels={{ itemSelectionLabel: (_s, a) => `Select ${a.Name}`, allItemsSelectionLabel: () => 'Select all', selectionGroupLabel: 'Account selection' }}
            header={
              <Header
                counter={accounts.data ? `(${accounts.data.length})` : undefined}
                actions={
                  <SpaceBetween direction="horizontal" size="xs">
                    <Button disabled={!member} onClick={() => member && setPasswordFor(member)}>
                      Set root user password
                    </Button>
                    <Button variant="primary" onClick={() => void navigate('/organizations/accounts/add')}>
                      Add an AWS account
                    </Button>
                  </SpaceBetween>
                }
              >
                AWS accounts
              </Header>
            }
            filter={<TextFilter {...filterProps} filteringPlaceholder="Find AWS accounts" filteringAriaLabel="Find AWS accounts" countText={`${filteredItemsCount ?? 0} matches`} />}
            pagination={<Pagination {...paginationProps} />}
            empty={<Box textAlign="center">No AWS accounts</Box>}
            columnDefinitions={[
              { id: 'name', header: 'Account name', cell: (a) => a.Name, sortingField: 'Name' },
              { id: 'id', header: 'Account ID', cell: (a) => a.Id, sortingField: 'Id' },
              { id: 'email', header: 'Email', cell: (a) => a.Email, sortingField: 'Email' },
              { id: 'type', header: 'Type', cell: (a) => (a.Id === managementId ? 'Management account' : 'Member account') },
              { id: 'status', header: 'Status', cell: (a) => (a.Status === 'ACTIVE' ? 'Active' : a.Status) },
              { id: 'joined', header: 'Joined', cell: (a) => `${a.JoinedMethod === 'CREATED' ? 'Created' : 'Invited'} ${formatDateTime(a.JoinedTimestamp)}` },
            ]}
          />
        )}
      </SpaceBetween>
      {passwordFor && (
        <SetRootPasswordModal
          account={passwordFor}
          onDismiss={() => setPasswordFor(null)}
          onDone={(text) => {
            setPasswordFor(null);
            setFlash(text);
          }}
        />
      )}
    </ContentLayout>
  );
}
