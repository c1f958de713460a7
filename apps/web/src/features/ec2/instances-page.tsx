// Instances: the account's instances, "Launch instance" from an AMI it may launch (its own, shared
// with it, public) into security groups, and Start / Stop / Terminate (terminate confirms).
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import FormField from '@cloudscape-design/components/form-field';
import Multiselect from '@cloudscape-design/components/multiselect';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  instancesQuery,
  launchableImagesQuery,
  securityGroupsQuery,
  useInstanceStateMutation,
  useRunInstancesMutation,
  type Ec2Instance,
  type InstanceStateAction,
} from '../../api/queries/ec2.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ClientCollectionTable } from '../../components/client-collection-table.tsx';
import { SuccessFlash } from '../../components/created-flash.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';

const INSTANCE_TYPES = ['t2.micro', 't3.micro', 't3.small', 't3.medium', 'm5.large', 'c5.large'];

const STATE_TYPE: Record<string, StatusIndicatorProps.Type> = {
  running: 'success',
  pending: 'pending',
  stopping: 'pending',
  stopped: 'stopped',
  'shutting-down': 'pending',
  terminated: 'stopped',
};

function LaunchInstanceModal({ onClose, onLaunched }: { onClose: () => void; onLaunched: (id: string) => void }) {
  const images = useQuery(launchableImagesQuery);
  const groups = useQuery(securityGroupsQuery);
  const run = useRunInstancesMutation();
  const [imageId, setImageId] = useState<string | null>(null);
  const [instanceType, setInstanceType] = useState('t2.micro');
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const imageOptions = (images.data ?? []).map((i) => ({ value: i.imageId, label: i.name, description: `${i.imageId} · ${i.isPublic ? 'Public' : 'Private'} · owner ${i.imageOwnerId}` }));
  const groupOptions = (groups.data ?? []).map((g) => ({ value: g.groupId, label: g.groupName, description: g.groupId }));
  return (
    <FormModal
      header="Launch instance"
      submitLabel="Launch instance"
      onSubmit={() => imageId && run.mutate({ ImageId: imageId, InstanceType: instanceType, SecurityGroupId: groupIds }, { onSuccess: (r) => onLaunched(r.instancesSet[0]?.instanceId ?? '') })}
      onClose={onClose}
      loading={run.isPending}
      disabled={!imageId}
      size="medium"
    >
      <SpaceBetween size="m">
        {run.isError && <ApiErrorAlert error={run.error} header="The instance could not be launched" />}
        {images.isError && <ApiErrorAlert error={images.error} header="The AMIs could not be loaded" />}
        <FormField label="Amazon Machine Image (AMI)" description="AMIs you own, that are shared with you, or that are public.">
          <Select
            selectedOption={imageOptions.find((o) => o.value === imageId) ?? null}
            onChange={({ detail }) => setImageId(detail.selectedOption.value ?? null)}
            options={imageOptions}
            statusType={images.isPending ? 'loading' : 'finished'}
            placeholder="Choose an AMI"
            filteringType="auto"
            empty="No AMIs you can launch"
          />
        </FormField>
        <FormField label="Instance type">
          <Select selectedOption={{ value: instanceType, label: instanceType }} onChange={({ detail }) => setInstanceType(detail.selectedOption.value ?? 't2.micro')} options={INSTANCE_TYPES.map((t) => ({ value: t, label: t }))} />
        </FormField>
        <FormField label="Security groups" description="Without a choice, the instance joins the default security group.">
          <Multiselect
            selectedOptions={groupOptions.filter((o) => groupIds.includes(o.value))}
            onChange={({ detail }) => setGroupIds(detail.selectedOptions.map((o) => o.value!))}
            options={groupOptions}
            statusType={groups.isPending ? 'loading' : 'finished'}
            placeholder="Select security groups"
          />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

export function InstancesPage() {
  const instances = useQuery(instancesQuery);
  const change = useInstanceStateMutation();
  const [selected, setSelected] = useState<Ec2Instance[]>([]);
  const [launching, setLaunching] = useState(false);
  const [terminating, setTerminating] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const ids = selected.map((i) => i.instanceId);
  const act = (action: InstanceStateAction, done: string) =>
    change.mutate(
      { action, instanceIds: ids },
      {
        onSuccess: () => {
          setFlash(`${done}: ${ids.join(', ')}`);
          setTerminating(false);
        },
      },
    );

  return (
    <ClientCollectionTable<Ec2Instance>
      title="Instances"
      resourceName="instances"
      notifications={
        <>
          <SuccessFlash message={flash} onDismiss={() => setFlash(null)} />
          {change.isError && !terminating && <ApiErrorAlert error={change.error} header="The instance state could not be changed" onDismiss={() => change.reset()} />}
        </>
      }
      actions={
        <SpaceBetween direction="horizontal" size="xs">
          <ButtonDropdown
            disabled={selected.length === 0}
            loading={change.isPending}
            items={[
              { id: 'start', text: 'Start instance' },
              { id: 'stop', text: 'Stop instance' },
              { id: 'terminate', text: 'Terminate instance' },
            ]}
            onItemClick={({ detail }) => {
              if (detail.id === 'start') act('StartInstances', 'Starting');
              if (detail.id === 'stop') act('StopInstances', 'Stopping');
              if (detail.id === 'terminate') setTerminating(true);
            }}
          >
            Instance state
          </ButtonDropdown>
          <Button variant="primary" onClick={() => setLaunching(true)}>
            Launch instance
          </Button>
        </SpaceBetween>
      }
      list={instances}
      trackBy="instanceId"
      defaultSort={{ field: 'launchTime', descending: true }}
      selection={{ type: 'multi', selected, onChange: setSelected, itemLabel: (i) => i.instanceId }}
      columns={[
        { id: 'id', header: 'Instance ID', sortingField: 'instanceId', cell: (i) => i.instanceId },
        { id: 'state', header: 'Instance state', cell: (i) => <StatusIndicator type={STATE_TYPE[i.instanceState.name] ?? 'info'}>{i.instanceState.name}</StatusIndicator> },
        { id: 'type', header: 'Instance type', cell: (i) => i.instanceType },
        { id: 'ami', header: 'AMI ID', cell: (i) => i.imageId },
        { id: 'groups', header: 'Security groups', cell: (i) => i.groupSet.map((g) => g.groupName || g.groupId).join(', ') || '-' },
        { id: 'ip', header: 'Private IPv4 address', cell: (i) => i.privateIpAddress ?? '-' },
        { id: 'launched', header: 'Launch time', sortingField: 'launchTime', cell: (i) => formatDateTime(i.launchTime) },
      ]}
    >
      {launching && (
        <LaunchInstanceModal
          onClose={() => setLaunching(false)}
          onLaunched={(id) => {
            setLaunching(false);
            setFlash(`Successfully initiated launch of instance ${id}`);
          }}
        />
      )}
      {terminating && (
        <ConfirmDeleteModal
          header={selected.length === 1 ? `Terminate ${ids[0]}?` : `Terminate ${selected.length} instances?`}
          names={ids}
          confirmLabel="Terminate"
          loading={change.isPending}
          error={change.error}
          onDismiss={() => {
            setTerminating(false);
            change.reset();
          }}
          onConfirm={() => act('TerminateInstances', 'Terminating')}
        >
          Terminated instances cannot be started again.
        </ConfirmDeleteModal>
      )}
    </ClientCollectionTable>
  );
}
