// Add an identity provider: SAML (name and the IdP's metadata document, uploaded as a file) or
// OpenID Connect (provider URL and an audience), with optional tags — the IAM console's form.
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FileUpload from '@cloudscape-design/components/file-upload';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tiles from '@cloudscape-design/components/tiles';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCreateOidcProviderMutation, useCreateSamlProviderMutation, type ProviderType } from '../../api/queries/identity-providers.ts';
import type { Tag } from '../../api/queries/policies.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { createdFlashState } from '../../components/created-flash.tsx';
import { PoliciesTagsEditor, validateTags } from '../../components/policies-tags-editor.tsx';
import { providerDetailPath } from './format.ts';
import { audienceError, oidcUrlError, samlMetadataError, samlProviderNameError } from './provider-validation.ts';

export function AddProviderPage() {
  const navigate = useNavigate();
  const createSaml = useCreateSamlProviderMutation();
  const createOidc = useCreateOidcProviderMutation();
  const [type, setType] = useState<ProviderType>('SAML');
  const [name, setName] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [metadata, setMetadata] = useState<string | undefined>(undefined);
  const [url, setUrl] = useState('');
  const [audience, setAudience] = useState('');
  const [tags, setTags] = useState<Tag[]>([]);
  const [submitted, setSubmitted] = useState(false);

  const errors =
    type === 'SAML'
      ? { name: samlProviderNameError(name), metadata: samlMetadataError(metadata), tags: validateTags(tags) }
      : { url: oidcUrlError(url), audience: audienceError(audience), tags: validateTags(tags) };
  const show = (message: string | undefined) => (submitted ? message : undefined);
  const mutation = type === 'SAML' ? createSaml : createOidc;

  const chooseFile = async (chosen: File[]) => {
    setFiles(chosen);
    setMetadata(chosen[0] ? await chosen[0].text() : undefined);
  };

  // As the AWS console: back to the list, with a flash whose "View provider" opens the new provider.
  const added = (providerName: string, arn: string) =>
    void navigate('/identity-providers', { state: createdFlashState({ message: `Provider ${providerName} added.`, href: providerDetailPath(arn), viewLabel: 'View provider' }) });

  const submit = () => {
    setSubmitted(true);
    if (Object.values(errors).some((e) => e !== undefined)) return;
    const withTags = tags.length ? { Tags: tags } : {};
    if (type === 'SAML') {
      createSaml.mutate({ Name: name, SAMLMetadataDocument: metadata!, ...withTags }, { onSuccess: (r) => added(name, r.SAMLProviderArn) });
    } else {
      createOidc.mutate({ Url: url, ClientIDList: [audience], ...withTags }, { onSuccess: (r) => added(url.replace(/^https:\/\//, ''), r.OpenIDConnectProviderArn) });
    }
  };

  return (
    <form onSubmit={(event) => event.preventDefault()}>
      <Form
        header={
          <Header variant="h1" description="Identity providers let external identities assume roles in this account.">
            Add an identity provider
          </Header>
        }
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={() => void navigate('/identity-providers')}>
              Cancel
            </Button>
            <Button variant="primary" loading={mutation.isPending} onClick={submit}>
              Add provider
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          {mutation.error && <ApiErrorAlert error={mutation.error} header="The provider could not be added" />}
          <Container header={<Header variant="h2">Configure provider</Header>}>
            <SpaceBetween size="l">
              <FormField label="Provider type">
                <Tiles
                  value={type}
                  onChange={({ detail }) => {
                    setType(detail.value as ProviderType);
                    setSubmitted(false);
                  }}
                  items={[
                    { value: 'SAML', label: 'SAML', description: 'Establish trust between your AWS account and a SAML 2.0 compatible identity provider such as Shibboleth or Active Directory Federation Services.' },
                    { value: 'OIDC', label: 'OpenID Connect', description: 'Establish trust between your AWS account and an identity provider that supports OpenID Connect, such as Google or Salesforce.' },
                  ]}
                />
              </FormField>
              {type === 'SAML' ? (
                <>
                  <FormField
                    label="Provider name"
                    constraintText="Maximum 128 characters. Use alphanumeric and '._-' characters."
                    errorText={show(errors.name)}
                  >
                    <Input ariaLabel="Provider name" value={name} onChange={({ detail }) => setName(detail.value)} placeholder="MySAMLProvider" />
                  </FormField>
                  <FormField
                    label="Metadata document"
                    description="This document is issued by your IdP. It includes the issuer's name, expiration information, and keys that can be used to validate the SAML authentication response (assertions) received from the IdP."
                    errorText={show(errors.metadata)}
                  >
                    <FileUpload
                      value={files}
                      accept=".xml,application/xml,text/xml"
                      showFileSize
                      onChange={({ detail }) => void chooseFile(detail.value)}
                      i18nStrings={{
                        uploadButtonText: () => 'Choose file',
                        dropzoneText: () => 'Drop file to upload',
                        removeFileAriaLabel: (i) => `Remove file ${i + 1}`,
                        errorIconAriaLabel: 'Error',
                      }}
                      constraintText="The document must be SAML 2.0 metadata (XML) of at least 1,000 characters."
                    />
                  </FormField>
                </>
              ) : (
                <>
                  <FormField
                    label="Provider URL"
                    description="Specify the secure OpenID Connect URL for authentication requests."
                    constraintText="Maximum 255 characters. URL must begin with https://"
                    errorText={show(errors.url)}
                  >
                    <Input ariaLabel="Provider URL" value={url} onChange={({ detail }) => setUrl(detail.value)} placeholder="https://example.com" inputMode="url" />
                  </FormField>
                  <FormField label="Audience" description="Specify the client ID issued by the identity provider for your app." constraintText="Maximum 255 characters." errorText={show(errors.audience)}>
                    <Input ariaLabel="Audience" value={audience} onChange={({ detail }) => setAudience(detail.value)} placeholder="sts.amazonaws.com" />
                  </FormField>
                </>
              )}
            </SpaceBetween>
          </Container>
          <Container header={<Header variant="h2" description="Tags are key-value pairs that you can add to AWS resources to help identify, organize, or search for resources.">Add tags - optional</Header>}>
            <FormField errorText={show(errors.tags)} stretch>
              <PoliciesTagsEditor tags={tags} onChange={setTags} />
            </FormField>
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}
