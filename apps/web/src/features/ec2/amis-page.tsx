// AMIs: the images the account owns, its private ones, public ones and those shared with it (the
// EC2 console's filter, as Owner=self / is-public / ExecutableBy=self), and "Register AMI".
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { imagesQuery, launchPermissionQuery, snapshotsQuery, useRegisterImageMutation, type Ec2Image, type ImageFilter } from '../../api/queries/ec2.ts';
import { ClientCollectionTable } from '../../components/client-collection-table.tsx';
import { RouterLink } from '../../components/router-link.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { SharedWithCell, useCallerAccount } from './ec2-shared.tsx';

const FILTERS: { value: ImageFilter; label: string }[] = [
  { value: 'owned', label: 'Owned by me' },
  { value: 'private', label: 'Private images' },
  { value: 'public', label: 'Public images' },
  { value: 'shared', label: 'Shared with me' },
];

/** AMI names: 3–128 of letters, digits, ( ) [ ] space . / - ' @ _ (RegisterImage). */
export const AMI_NAME_PATTERN = /^[a-zA-Z0-9()[\] ./\-'@_]{3,128}$/;
const ARCHITECTURES = ['x86_64', 'arm64', 'i386'];

function RegisterImageModal({ onClose, onRegistered }: { onClose: () => void; onRegistered: (imageId: string) => void }) {
  const register = useRegisterImageMutation();
  const account = useCallerAccount();
  const snapshots = useQuery(snapshotsQuery('restorable'));
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [architecture, setArchitecture] = useState('x86_64');
  const [snapshotId, setSnapshotId] = useState('');
  const [tried, setTried] = useState(false);
  const nameError = !AMI_NAME_PATTERN.test(name) ? "The AMI name must be 3 to 128 characters: letters, numbers, ( ) [ ] . / - ' @ _ and spaces." : undefined;
  const snapshotError = snapshotId === '' ? 'Choose the snapshot of the root volume.' : undefined;
  // The EC2 console's picker: the snapshots the account may create volumes from (its own and those shared with it).
  const snapshotOptions = (snapshots.data ?? []).map((s) => ({
    value: s.snapshotId,
    label: s.snapshotId,
    description: [`${s.volumeSize} GiB`, s.description, s.ownerId !== account ? `shared by ${s.ownerId}` : undefined].filter(Boolean).join(' · '),
    tags: [formatDateTime(s.startTime)],
  }));
  const submit = () => {
    setTried(true);
    if (nameError || snapshotError) return;
    register.mutate(
      { Name: name, Description: description, Architecture: architecture, SnapshotId: snapshotId },
      { onSuccess: (reply) => onRegistered(reply.imageId) },
    );
  };
  return (
    <FormModal
      header="Register AMI"
      submitLabel="Register AMI"
      onSubmit={submit}
      onClose={onClose}
      loading={register.isPending}
      size="medium"
      error={register.error}
      errorHeader="The AMI could not be registered"
    >
      <SpaceBetween size="m">
        <FormField label="AMI name" errorText={tried ? nameError : undefined}>
          <Input value={name} onChange={({ detail }) => setName(detail.value)} />
        </FormField>
        <FormField label="AMI description - optional">
          <Input value={description} onChange={({ detail }) => setDescription(detail.value)} />
        </FormField>
        <FormField label="Architecture">
          <Select
            selectedOption={{ value: architecture, label: architecture }}
            onChange={({ detail }) => setArchitecture(detail.selectedOption.value ?? 'x86_64')}
            options={ARCHITECTURES.map((a) => ({ value: a, label: a }))}
          />
        </FormField>
        <FormField label="Root volume snapshot" description="The snapshot the AMI's root volume is created from: one you own or one shared with you." errorText={tried ? snapshotError : undefined}>
          <Select
            selectedOption={snapshotOptions.find((o) => o.value === snapshotId) ?? null}
            onChange={({ detail }) => setSnapshotId(detail.selectedOption.value ?? '')}
            options={snapshotOptions}
            placeholder="Choose a snapshot"
            filteringType="auto"
            filteringPlaceholder="Find a snapshot by ID or description"
            statusType={snapshots.isPending ? 'loading' : snapshots.isError ? 'error' : 'finished'}
            loadingText="Loading snapshots"
            errorText={snapshots.isError ? `The snapshots could not be loaded: ${snapshots.error.message}` : undefined}
            empty="No snapshots. Create one under Snapshots first."
          />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

export function AmisPage() {
  const navigate = useNavigate();
  const account = useCallerAccount();
  const [filter, setFilter] = useState<ImageFilter>('owned');
  const [registering, setRegistering] = useState(false);
  const images = useQuery(imagesQuery(filter));

  return (
    <ClientCollectionTable<Ec2Image>
      title="AMIs"
      resourceName="AMIs"
      description="An Amazon Machine Image (AMI) provides the information required to launch an instance. Share an AMI with accounts, or make it public."
      actions={
        <Button variant="primary" onClick={() => setRegistering(true)}>
          Register AMI
        </Button>
      }
      list={images}
      trackBy="imageId"
      defaultSort={{ field: 'creationDate', descending: true }}
      search={{ label: 'Find AMI by name or ID', text: (i) => `${i.name} ${i.imageId}` }}
      filters={<Select ariaLabel="Image type" selectedOption={FILTERS.find((f) => f.value === filter)!} onChange={({ detail }) => setFilter(detail.selectedOption.value as ImageFilter)} options={FILTERS} />}
      columns={[
        { id: 'name', header: 'Name', sortingField: 'name', cell: (i) => i.name },
        { id: 'id', header: 'AMI ID', sortingField: 'imageId', cell: (i) => <RouterLink href={`/ec2/amis/${i.imageId}`}>{i.imageId}</RouterLink> },
        { id: 'owner', header: 'Owner', cell: (i) => i.imageOwnerId },
        { id: 'visibility', header: 'Visibility', cell: (i) => (i.isPublic ? 'Public' : 'Private') },
        { id: 'shared', header: 'Shared with', cell: (i) => <SharedWithCell permission={launchPermissionQuery(i.imageId)} own={i.imageOwnerId === account} /> },
        { id: 'architecture', header: 'Architecture', cell: (i) => i.architecture },
        { id: 'created', header: 'Creation date', sortingField: 'creationDate', cell: (i) => formatDateTime(i.creationDate) },
      ]}
    >
      {registering && <RegisterImageModal onClose={() => setRegistering(false)} onRegistered={(id) => void navigate(`/ec2/amis/${id}`)} />}
    </ClientCollectionTable>
  );
}
