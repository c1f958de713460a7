// One identity provider, named by its ARN: summary; for OpenID Connect its audiences (add /
// remove) and thumbprints; for SAML its metadata (replace); tags; delete with confirmation.
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FileUpload from '@cloudscape-design/components/file-upload';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import {
  oidcProviderQuery,
  providerNameOf,
  providerTypeOf,
  samlProviderQuery,
  useAddClientIdMutation,
  useDeleteProviderMutation,
  useRemoveClientIdsMutation,
  useSetProviderTagsMutation,
  useUpdateSamlProviderMutation,
  type OidcProviderDetail,
  type SamlProviderDetail,
} from '../../api/queries/identity-providers.ts';
import type { Tag } from '../../api/queries/policies.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { ArnCopy, EntityDetailPage } from '../../components/entity-detail.tsx';
import { TagsPanel } from '../../components/tags-panel.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { formatDateTime } from '../../components/users-groups-format.ts';
import { providerTypeLabel } from './format.ts';
import { audienceError, samlMetadataError } from './provider-validation.ts';

function AddAudienceModal({ arn, onClose }: { arn: string; onClose: () => void }) {
  const add = useAddClientIdMutation();
  const [audience, setAudience] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const error = audienceError(audience);
  return (
    <FormModal
      header="Add audience"
      submitLabel="Add audience"
      loading={add.isPending}
      onClose={onClose}
      onSubmit={() => {
        setSubmitted(true);
        if (!error) add.mutate({ OpenIDConnectProviderArn: arn, ClientID: audience }, { onSuccess: onClose });
      }}
    >
      <SpaceBetween size="m">
        {add.error && <ApiErrorAlert error={add.error} />}
        <FormField label="Audience" description="The client ID issued by the identity provider for your app." errorText={submitted ? error : undefined}>
          <Input ariaLabel="Audience" value={audience} onChange={({ detail }) => setAudience(detail.value)} />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

function AudiencesSection({ arn, provider }: { arn: string; provider: OidcProviderDetail }) {
  const remove = useRemoveClientIdsMutation();
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<{ id: string }[]>([]);
  return (
    <SpaceBetween size="l">
      {remove.error && <ApiErrorAlert error={remove.error} header="The audience could not be removed" />}
      <Table<{ id: string }>
        items={provider.ClientIDList.map((id) => ({ id }))}
        trackBy="id"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'Audiences selection', itemSelectionLabel: (_s, item) => item.id, allItemsSelectionLabel: () => 'Select all audiences' }}
        header={
          <Header
            variant="h2"
            counter={`(${provider.ClientIDList.length})`}
            description="Also known as client ID, audience is a value that identifies the application that is registered with an OpenID Connect provider."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button
                  disabled={selected.length === 0}
                  loading={remove.isPending}
                  onClick={() => remove.mutate({ OpenIDConnectProviderArn: arn, ClientIDs: selected.map((s) => s.id) }, { onSuccess: () => setSelected([]) })}
                >
                  Remove
                </Button>
                <Button onClick={() => setAdding(true)}>Add audience</Button>
              </SpaceBetween>
            }
          >
            Audiences
          </Header>
        }
        columnDefinitions={[{ id: 'audience', header: 'Audience', cell: (a) => a.id }]}
        empty={<Box textAlign="center">No audiences</Box>}
      />
      <Table<{ id: string }>
        items={provider.ThumbprintList.map((id) => ({ id }))}
        trackBy="id"
        header={
          <Header variant="h2" counter={`(${provider.ThumbprintList.length})`} description="Hex-encoded SHA-1 fingerprints of the certificates that secure the provider's endpoints.">
            Thumbprints
          </Header>
        }
        columnDefinitions={[{ id: 'thumbprint', header: 'Thumbprint', cell: (t) => t.id }]}
        empty={<Box textAlign="center">No thumbprints: the provider's certificate is verified through trusted root certificate authorities.</Box>}
      />
      {adding && <AddAudienceModal arn={arn} onClose={() => setAdding(false)} />}
    </SpaceBetween>
  );
}

function ReplaceMetadataModal({ arn, onClose }: { arn: string; onClose: () => void }) {
  const update = useUpdateSamlProviderMutation();
  const [files, setFiles] = useState<File[]>([]);
  const [document, setDocument] = useState<string | undefined>(undefined);
  const [submitted, setSubmitted] = useState(false);
  const error = samlMetadataError(document);
  return (
    <FormModal
      header="Replace metadata"
      submitLabel="Replace metadata"
      loading={update.isPending}
      onClose={onClose}
      onSubmit={() => {
        setSubmitted(true);
        if (!error) update.mutate({ SAMLProviderArn: arn, SAMLMetadataDocument: document! }, { onSuccess: onClose });
      }}
    >
      <SpaceBetween size="m">
        {update.error && <ApiErrorAlert error={update.error} />}
        <FormField label="Metadata document" description="The new metadata document issued by your IdP." errorText={submitted ? error : undefined}>
          <FileUpload
            value={files}
            accept=".xml,application/xml,text/xml"
            onChange={({ detail }) => {
              setFiles(detail.value);
              void (detail.value[0]?.text() ?? Promise.resolve(undefined)).then(setDocument);
            }}
            i18nStrings={{ uploadButtonText: () => 'Choose file', dropzoneText: () => 'Drop file to upload', removeFileAriaLabel: (i) => `Remove file ${i + 1}`, errorIconAriaLabel: 'Error' }}
          />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

function MetadataSection({ arn, provider }: { arn: string; provider: SamlProviderDetail }) {
  const [replacing, setReplacing] = useState(false);
  return (
    <Container
      header={
        <Header variant="h2" actions={<Button onClick={() => setReplacing(true)}>Replace metadata</Button>}>
          Metadata
        </Header>
      }
    >
      <Box variant="code">
        <pre style={{ maxHeight: '24rem', overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>{provider.SAMLMetadataDocument}</pre>
      </Box>
      {replacing && <ReplaceMetadataModal arn={arn} onClose={() => setReplacing(false)} />}
    </Container>
  );
}

function TagsSection({ arn, tags }: { arn: string; tags: Tag[] }) {
  const save = useSetProviderTagsMutation();
  return <TagsPanel tags={tags} onSave={(_changes, next) => save.mutateAsync({ arn, current: tags, next })} />;
}

export function ProviderDetailPage() {
  const arn = useParams()['*'] ?? '';
  const navigate = useNavigate();
  const location = useLocation();
  const type = providerTypeOf(arn);
  const name = providerNameOf(arn);
  const oidc = useQuery({ ...oidcProviderQuery(arn), enabled: type === 'OIDC' });
  const saml = useQuery({ ...samlProviderQuery(arn), enabled: type === 'SAML' });
  const remove = useDeleteProviderMutation();
  const [deleting, setDeleting] = useState(false);
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const query = type === 'SAML' ? saml : oidc;

  const data = query.data;
  return (
    <EntityDetailPage
      title={name || 'Identity provider'}
      actions={
        <Button onClick={() => setDeleting(true)} disabled={!data}>
          Delete
        </Button>
      }
      error={type ? query.error : new Error(`${arn} is not the ARN of an identity provider.`)}
      errorHeader="The identity provider could not be loaded"
      banner={created && <Alert type="success">Provider {name} added.</Alert>}
      summary={
        data && [
          { label: 'Provider', value: name },
          { label: 'Provider type', value: providerTypeLabel(type!) },
          { label: 'Creation time', value: formatDateTime(data.CreateDate) },
          { label: 'ARN', value: <ArnCopy arn={arn} /> },
          ...(type === 'SAML' ? [{ label: 'Valid until', value: formatDateTime((data as SamlProviderDetail).ValidUntil) }] : []),
        ]
      }
      sections={
        data && (
          <>
            {type === 'OIDC' && <AudiencesSection arn={arn} provider={data as OidcProviderDetail} />}
            {type === 'SAML' && <MetadataSection arn={arn} provider={data as SamlProviderDetail} />}
            <TagsSection arn={arn} tags={data.Tags ?? []} />
          </>
        )
      }
    >
      {deleting && (
        <ConfirmDeleteModal
          header={`Delete ${name}?`}
          names={[name]}
          loading={remove.isPending}
          error={remove.error}
          onDismiss={() => {
            setDeleting(false);
            remove.reset();
          }}
          onConfirm={() => remove.mutateAsync(arn).then(() => navigate('/identity-providers'), () => {})}
        >
          <Box>Roles that trust this provider can no longer be assumed through it. This cannot be undone.</Box>
        </ConfirmDeleteModal>
      )}
    </EntityDetailPage>
  );
}
