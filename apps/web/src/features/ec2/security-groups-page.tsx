// Security groups: the account's groups with their rule counts, and "Create security group".
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { securityGroupsQuery, useCreateSecurityGroupMutation, type Ec2SecurityGroup } from '../../api/queries/ec2.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ClientCollectionTable } from '../../components/client-collection-table.tsx';
import { RouterLink } from '../../components/router-link.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { securityGroupTextError } from './ec2-shared.tsx';
import { rowsFromPermissions } from './rules.ts';

function CreateSecurityGroupModal({ onClose, onCreated }: { onClose: () => void; onCreated: (groupId: string) => void }) {
  const create = useCreateSecurityGroupMutation();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [tried, setTried] = useState(false);
  const nameError = securityGroupTextError(name, 'name') ?? (name.toLowerCase().startsWith('sg-') ? 'The name cannot start with sg-.' : undefined);
  const descriptionError = securityGroupTextError(description, 'description');
  const submit = () => {
    setTried(true);
    if (nameError || descriptionError) return;
    create.mutate({ GroupName: name, GroupDescription: description }, { onSuccess: (r) => onCreated(r.groupId) });
  };
  return (
    <FormModal header="Create security group" submitLabel="Create security group" onSubmit={submit} onClose={onClose} loading={create.isPending}>
      <SpaceBetween size="m">
        {create.isError && <ApiErrorAlert error={create.error} header="The security group could not be created" />}
        <FormField label="Security group name" errorText={tried ? nameError : undefined}>
          <Input value={name} onChange={({ detail }) => setName(detail.value)} />
        </FormField>
        <FormField label="Description" errorText={tried ? descriptionError : undefined}>
          <Input value={description} onChange={({ detail }) => setDescription(detail.value)} />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

export function SecurityGroupsPage() {
  const navigate = useNavigate();
  const groups = useQuery(securityGroupsQuery);
  const [creating, setCreating] = useState(false);
  return (
    <ClientCollectionTable<Ec2SecurityGroup>
      title="Security groups"
      resourceName="security groups"
      description="A security group acts as a virtual firewall for your instances to control inbound and outbound traffic."
      actions={
        <Button variant="primary" onClick={() => setCreating(true)}>
          Create security group
        </Button>
      }
      list={groups}
      trackBy="groupId"
      defaultSort={{ field: 'groupName' }}
      search={{ label: 'Find security groups', text: (g) => `${g.groupName} ${g.groupId}` }}
      columns={[
        { id: 'name', header: 'Security group name', sortingField: 'groupName', cell: (g) => g.groupName },
        { id: 'id', header: 'Security group ID', sortingField: 'groupId', cell: (g) => <RouterLink href={`/ec2/security-groups/${g.groupId}`}>{g.groupId}</RouterLink> },
        { id: 'vpc', header: 'VPC ID', cell: (g) => g.vpcId },
        { id: 'description', header: 'Description', cell: (g) => g.groupDescription },
        { id: 'inbound', header: 'Inbound rules', cell: (g) => rowsFromPermissions(g.ipPermissions).length },
        { id: 'outbound', header: 'Outbound rules', cell: (g) => rowsFromPermissions(g.ipPermissionsEgress).length },
      ]}
    >
      {creating && <CreateSecurityGroupModal onClose={() => setCreating(false)} onCreated={(id) => void navigate(`/ec2/security-groups/${id}`)} />}
    </ClientCollectionTable>
  );
}
