// Edit a customer managed policy: saving creates a new version (CreatePolicyVersion, by default
// set as the default). A policy keeps at most 5 versions, so with 5 the console first asks
// which non-default version to delete, as the IAM console does.
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import Header from '@cloudscape-design/components/header';
import Modal from '@cloudscape-design/components/modal';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  policyDocumentText,
  policyQuery,
  policyVersionQuery,
  policyVersionsQuery,
  useCreatePolicyVersionMutation,
  useDeletePolicyVersionMutation,
  type Policy,
  type PolicyVersion,
} from '../../api/queries/policies.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { countFindings, policyFindings } from '../../components/policies-json-editor.tsx';
import { formatDate } from './policy-detail-page.tsx';
import { PolicyChangePreviewPanel } from './policy-change-preview.tsx';
import { PolicyPermissionsEditor } from './policy-permissions-editor.tsx';

export const MAX_VERSIONS = 5;

function EditForm({ policy, initialText, versions }: { policy: Policy; initialText: string; versions: PolicyVersion[] }) {
  const navigate = useNavigate();
  const createVersion = useCreatePolicyVersionMutation();
  const deleteVersion = useDeletePolicyVersionMutation();
  const [text, setText] = useState(initialText);
  const [setAsDefault, setSetAsDefault] = useState(true);
  const [blocked, setBlocked] = useState(false);
  const [choosing, setChoosing] = useState(false);
  const [toDelete, setToDelete] = useState('');
  const errors = countFindings(useMemo(() => policyFindings(text, 'IDENTITY_POLICY'), [text])).ERROR;
  const detailHref = `/policies/details/${encodeURIComponent(policy.Arn)}`;
  const nonDefault = versions.filter((v) => !v.IsDefaultVersion);

  const save = async (deleteFirst?: string) => {
    if (deleteFirst) await deleteVersion.mutateAsync({ PolicyArn: policy.Arn, VersionId: deleteFirst });
    const version = await createVersion.mutateAsync({ PolicyArn: policy.Arn, PolicyDocument: text, SetAsDefault: setAsDefault });
    void navigate(detailHref, {
      state: { flash: `Policy ${policy.PolicyName} updated. Version ${version.VersionId} ${setAsDefault ? 'is now the default' : 'was created'}.`, tab: 'versions' },
    });
  };

  const onSave = () => {
    if (errors > 0) {
      setBlocked(true);
      return;
    }
    setBlocked(false);
    if (versions.length >= MAX_VERSIONS) {
      setToDelete(nonDefault[nonDefault.length - 1]?.VersionId ?? '');
      setChoosing(true);
      return;
    }
    void save().catch(() => undefined);
  };

  return (
    <Form
      header={<Header variant="h1" description="Add permissions by selecting services, actions, resources, and conditions, or edit the JSON.">{`Modify permissions in ${policy.PolicyName}`}</Header>}
      actions={
        <SpaceBetween direction="horizontal" size="xs">
          <Button variant="link" onClick={() => void navigate(detailHref)}>
            Cancel
          </Button>
          <Button variant="primary" loading={createVersion.isPending || deleteVersion.isPending} onClick={onSave}>
            Save changes
          </Button>
        </SpaceBetween>
      }
    >
      <SpaceBetween size="l">
        {blocked && errors > 0 && (
          <Alert type="error" header="Resolve the errors in the policy to save it">
            {`The policy has ${errors} ${errors === 1 ? 'error' : 'errors'}.`}
          </Alert>
        )}
        {createVersion.isError && <ApiErrorAlert error={createVersion.error} header="The policy could not be saved" />}
        {deleteVersion.isError && <ApiErrorAlert error={deleteVersion.error} header="The version could not be deleted" />}
        <Container header={<Header variant="h2">Policy editor</Header>}>
          <PolicyPermissionsEditor text={text} onChange={setText} initialMode="json" />
        </Container>
        <PolicyChangePreviewPanel policyArn={policy.Arn} text={text} hasErrors={errors > 0} />
        <Checkbox checked={setAsDefault} onChange={({ detail }) => setSetAsDefault(detail.checked)} description="The default version is the one in effect for the entities the policy is attached to.">
          Set this new version as the default.
        </Checkbox>
      </SpaceBetween>
      {choosing && (
        <Modal
          visible
          onDismiss={() => setChoosing(false)}
          header="Delete a policy version"
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setChoosing(false)}>
                  Cancel
                </Button>
                <Button
                  variant="primary"
                  disabled={toDelete === ''}
                  loading={createVersion.isPending || deleteVersion.isPending}
                  onClick={() => {
                    setChoosing(false);
                    void save(toDelete).catch(() => undefined);
                  }}
                >
                  Delete version and save
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <SpaceBetween size="m">
            <Box>{`This policy already has ${MAX_VERSIONS} versions, the most a policy can keep. Choose a non-default version to delete before the new version is saved.`}</Box>
            <RadioGroup
              ariaLabel="Version to delete"
              value={toDelete}
              onChange={({ detail }) => setToDelete(detail.value)}
              items={nonDefault.map((v) => ({ value: v.VersionId, label: v.VersionId, description: `Created ${formatDate(v.CreateDate)}` }))}
            />
          </SpaceBetween>
        </Modal>
      )}
    </Form>
  );
}

export function EditPolicyPage() {
  const { arn = '' } = useParams();
  const policy = useQuery(policyQuery(arn));
  const version = useQuery(policyVersionQuery(arn, policy.data?.DefaultVersionId ?? ''));
  const versions = useQuery(policyVersionsQuery(arn));
  const error = policy.error ?? version.error ?? versions.error;
  if (error) return <ApiErrorAlert error={error} header="The policy could not be loaded" />;
  if (!policy.data || !version.data || !versions.data) return <Spinner size="large" />;
  return <EditForm policy={policy.data} initialText={policyDocumentText(version.data.Document)} versions={versions.data} />;
}
