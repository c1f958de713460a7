// "Multi-factor authentication (MFA)": the MFA devices of a user (or of the root user when no
// user name is given), with "Assign MFA device" (an authenticator app: device name, then the QR
// code or secret key and two consecutive codes), "Remove" and "Resync". Shared by the user's
// Security credentials tab and My security credentials (an IAM user's own, or the root user's).
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  mfaCodeError,
  mfaDevicesQuery,
  mfaDeviceType,
  secretKeyText,
  useCreateVirtualMfaDeviceMutation,
  useDeleteVirtualMfaDeviceMutation,
  useEnableMfaDeviceMutation,
  useRegisterSecurityKeyMutation,
  useRemoveMfaDeviceMutation,
  useResyncMfaDeviceMutation,
  type MfaDevice,
  type NewVirtualMfaDevice,
} from '../api/queries/mfa.ts';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { CredentialTable, everyActionOffered, permittedAll, type CredentialPermission } from './credential-table.tsx';
import { FormModal } from './form-modal.tsx';
import { formatDateTime } from './users-groups-format.ts';

/** IAM's limit of MFA devices per user (and for the root user). */
export const MAX_MFA_DEVICES = 8;

/** A virtual MFA device name as IAM accepts it. */
export function mfaDeviceNameError(name: string): string | undefined {
  if (name.trim() === '') return 'Enter a device name.';
  if (name.length > 64) return 'Device name must be 64 characters or fewer.';
  if (!/^[\w+=,.@-]+$/.test(name)) return 'Device name can have alphanumeric characters and these: + = , . @ - _';
  return undefined;
}

/** The last segment of a device's serial number ARN: its name. */
export function mfaDeviceName(serialNumber: string): string {
  return serialNumber.slice(serialNumber.lastIndexOf('/') + 1);
}

function CodeFields({ codes, setCodes, submitted }: { codes: [string, string]; setCodes: (codes: [string, string]) => void; submitted: boolean }) {
  return (
    <SpaceBetween size="m">
      <FormField label="MFA code 1" constraintText="Enter a code displayed on your device." errorText={submitted ? mfaCodeError(codes[0], 'MFA code 1') : undefined}>
        <Input value={codes[0]} inputMode="numeric" autoComplete="one-time-code" onChange={({ detail }) => setCodes([detail.value, codes[1]])} />
      </FormField>
      <FormField
        label="MFA code 2"
        constraintText="Wait 30 seconds, and enter a second code displayed on your device."
        errorText={submitted ? mfaCodeError(codes[1], 'MFA code 2') : undefined}
      >
        <Input value={codes[1]} inputMode="numeric" autoComplete="one-time-code" onChange={({ detail }) => setCodes([codes[0], detail.value])} />
      </FormField>
    </SpaceBetween>
  );
}

/**
 * Assign MFA device: select the device (name, type), then set it up with two codes. An
 * authenticator app is a virtual device created first: not offered when that is refused.
 */
export function AssignMfaDeviceModal({
  userName,
  mayPerform = everyActionOffered,
  onClose,
  onAssigned,
}: {
  userName?: string;
  mayPerform?: CredentialPermission;
  onClose: () => void;
  onAssigned?: () => void;
}) {
  const mayCreateVirtual = mayPerform('iam:CreateVirtualMFADevice');
  const create = useCreateVirtualMfaDeviceMutation();
  const enable = useEnableMfaDeviceMutation();
  const cleanup = useDeleteVirtualMfaDeviceMutation();
  const register = useRegisterSecurityKeyMutation();
  const [type, setType] = useState<'virtual' | 'fido'>(mayCreateVirtual.allowed ? 'virtual' : 'fido');
  const [name, setName] = useState('');
  const [nameSubmitted, setNameSubmitted] = useState(false);
  const [device, setDevice] = useState<NewVirtualMfaDevice | null>(null);
  const [show, setShow] = useState<'none' | 'qr' | 'secret'>('none');
  const [codes, setCodes] = useState<[string, string]>(['', '']);
  const [codesSubmitted, setCodesSubmitted] = useState(false);
  const nameError = nameSubmitted ? mfaDeviceNameError(name) : undefined;

  const next = () => {
    setNameSubmitted(true);
    if (mfaDeviceNameError(name)) return;
    if (type === 'fido') {
      register.mutate(
        { ...(userName ? { UserName: userName } : {}), DeviceName: name },
        {
          onSuccess: () => {
            onAssigned?.();
            onClose();
          },
        },
      );
      return;
    }
    create.mutate({ VirtualMFADeviceName: name }, { onSuccess: setDevice });
  };

  const add = () => {
    setCodesSubmitted(true);
    if (!device || mfaCodeError(codes[0]) || mfaCodeError(codes[1])) return;
    enable.mutate(
      { ...(userName ? { UserName: userName } : {}), SerialNumber: device.SerialNumber, AuthenticationCode1: codes[0].trim(), AuthenticationCode2: codes[1].trim() },
      {
        onSuccess: () => {
          onAssigned?.();
          onClose();
        },
      },
    );
  };

  // A device created but never enabled would stay in the account's unassigned pool: delete it.
  const cancel = () => {
    if (device && !enable.isSuccess) cleanup.mutate({ SerialNumber: device.SerialNumber }, { onSettled: onClose });
    else onClose();
  };

  return (
    <Modal
      visible
      size="medium"
      header={device ? 'Set up device' : 'Select MFA device'}
      onDismiss={cancel}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" loading={cleanup.isPending} onClick={cancel}>
              Cancel
            </Button>
            {device ? (
              <Button variant="primary" loading={enable.isPending} onClick={add}>
                Add MFA
              </Button>
            ) : (
              <Button variant="primary" loading={create.isPending || register.isPending} onClick={next}>
                Next
              </Button>
            )}
          </SpaceBetween>
        </Box>
      }
    >
      {!device ? (
        <SpaceBetween size="m">
          {create.isError && <ApiErrorAlert error={create.error} header="The MFA device could not be created" />}
          {register.isError && <ApiErrorAlert error={register.error} header="The security key was not registered" />}
          <FormField
            label="Device name"
            description="Enter a meaningful name to identify this device."
            constraintText="Maximum 64 characters. Use alphanumeric and '+ = , . @ - _' characters."
            errorText={nameError}
          >
            <Input value={name} onChange={({ detail }) => setName(detail.value)} />
          </FormField>
          <FormField label="MFA device" description="Select an MFA device type to use with the above device name.">
            <RadioGroup
              value={type}
              onChange={({ detail }) => {
                setType(detail.value as 'virtual' | 'fido');
                register.reset();
              }}
              items={[
                { value: 'fido', label: 'Passkey or security key', description: 'Authenticate using your fingerprint, face, or screen lock. Create a passkey on this device or use another device, like a FIDO2 security key.' },
                {
                  value: 'virtual',
                  label: 'Authenticator app',
                  description: mayCreateVirtual.reason ?? 'Authenticate using a code generated by an app installed on your mobile device or computer.',
                  disabled: !mayCreateVirtual.allowed,
                },
              ]}
            />
          </FormField>
        </SpaceBetween>
      ) : (
        <SpaceBetween size="m">
          {enable.isError && <ApiErrorAlert error={enable.error} header="The MFA device was not assigned" />}
          {cleanup.isError && <ApiErrorAlert error={cleanup.error} header="The unassigned MFA device could not be deleted" />}
          <Box>1. Install a compatible application such as Google Authenticator, Duo Mobile, or Authy app on your mobile device or computer.</Box>
          <SpaceBetween size="xs">
            <Box>
              2. Open your authenticator app, choose{' '}
              <Button variant="inline-link" onClick={() => setShow('qr')}>
                Show QR code
              </Button>{' '}
              on this page, then use the app to scan the code. Alternatively, you can type a secret key.{' '}
              <Button variant="inline-link" onClick={() => setShow('secret')}>
                Show secret key
              </Button>
            </Box>
            {show === 'qr' && <img src={`data:image/png;base64,${device.QRCodePNG}`} alt="QR code of the MFA device" width={200} height={200} />}
            {show === 'secret' && (
              <FormField label="Secret key">
                <Box variant="code">
                  <span aria-label="Secret key">{secretKeyText(device)}</span>
                </Box>
              </FormField>
            )}
          </SpaceBetween>
          <Box>3. Type two consecutive MFA codes below.</Box>
          <CodeFields codes={codes} setCodes={setCodes} submitted={codesSubmitted} />
        </SpaceBetween>
      )}
    </Modal>
  );
}

function ResyncModal({ userName, device, onClose }: { userName?: string; device: MfaDevice; onClose: () => void }) {
  const resync = useResyncMfaDeviceMutation();
  const [codes, setCodes] = useState<[string, string]>(['', '']);
  const [submitted, setSubmitted] = useState(false);
  const submit = () => {
    setSubmitted(true);
    if (mfaCodeError(codes[0]) || mfaCodeError(codes[1])) return;
    resync.mutate(
      { ...(userName ? { UserName: userName } : {}), SerialNumber: device.SerialNumber, AuthenticationCode1: codes[0].trim(), AuthenticationCode2: codes[1].trim() },
      { onSuccess: onClose },
    );
  };
  return (
    <FormModal header="Resync MFA device" submitLabel="Resync" loading={resync.isPending} onSubmit={submit} onClose={onClose} error={resync.error} errorHeader="The MFA device was not resynchronized">
      <SpaceBetween size="m">
        <Box>Type two consecutive codes from {mfaDeviceName(device.SerialNumber)} to resynchronize it with Portcullis.</Box>
        <CodeFields codes={codes} setCodes={setCodes} submitted={submitted} />
      </SpaceBetween>
    </FormModal>
  );
}

/** The MFA devices table of a user, or of the root user when userName is undefined. */
export function MfaDevicesSection({ userName, mayPerform = everyActionOffered }: { userName?: string; mayPerform?: CredentialPermission }) {
  const devices = useQuery(mfaDevicesQuery(userName));
  const mayAssign = mayPerform('iam:EnableMFADevice');
  const mayResync = mayPerform('iam:ResyncMFADevice');
  // Removing a virtual device also deletes it (removeMfaDevice).
  const mayRemove = (device: MfaDevice | undefined) =>
    permittedAll(mayPerform, device && mfaDeviceType(device.SerialNumber) === 'Virtual' ? ['iam:DeactivateMFADevice', 'iam:DeleteVirtualMFADevice'] : ['iam:DeactivateMFADevice']);
  const remove = useRemoveMfaDeviceMutation();
  const [modal, setModal] = useState<'assign' | 'resync' | null>(null);
  const [assigned, setAssigned] = useState(false);
  const list = devices.data ?? [];

  return (
    <CredentialTable<MfaDevice>
      title="Multi-factor authentication (MFA)"
      resourceName="MFA devices"
      description={`Use MFA to increase the security of your AWS environment. Signing in with MFA requires an authentication code from an MFA device. Each user can have a maximum of ${MAX_MFA_DEVICES} MFA devices assigned.`}
      list={devices}
      trackBy="SerialNumber"
      itemLabel={(d) => d.SerialNumber}
      empty="No MFA devices. Assign an MFA device to improve the security of your AWS environment."
      notice={
        assigned && (
          <Alert type="success" dismissible onDismiss={() => setAssigned(false)}>
            MFA device assigned.
          </Alert>
        )
      }
      columns={[
        { id: 'type', header: 'Type', cell: (d) => mfaDeviceType(d.SerialNumber) },
        { id: 'id', header: 'Identifier', cell: (d) => d.SerialNumber },
        { id: 'certifications', header: 'Certifications', cell: () => 'Not applicable' },
        { id: 'created', header: 'Created on', cell: (d) => formatDateTime(d.EnableDate) },
      ]}
      actions={({ item: device, askDelete }) => {
        const removal = mayRemove(device);
        return (
          <SpaceBetween direction="horizontal" size="xs">
            <Button disabled={!device || !removal.allowed} disabledReason={removal.reason} onClick={askDelete}>
              Remove
            </Button>
            <Button disabled={!device || mfaDeviceType(device.SerialNumber) !== 'Virtual' || !mayResync.allowed} disabledReason={mayResync.reason} onClick={() => setModal('resync')}>
              Resync
            </Button>
            <Button
              variant="primary"
              disabled={devices.isPending || list.length >= MAX_MFA_DEVICES || !mayAssign.allowed}
              disabledReason={mayAssign.reason}
              onClick={() => {
                setAssigned(false);
                setModal('assign');
              }}
            >
              Assign MFA device
            </Button>
          </SpaceBetween>
        );
      }}
      deletion={{
        header: () => 'Remove MFA device?',
        names: (d) => [mfaDeviceName(d.SerialNumber)],
        confirmLabel: 'Remove',
        warning: (d) => `Signing in no longer asks for a code from ${d.SerialNumber}. If no other MFA device is assigned, sign-in needs only the password.`,
        mutation: remove,
        run: (d, onSuccess) => remove.mutate({ ...(userName ? { UserName: userName } : {}), SerialNumber: d.SerialNumber }, { onSuccess }),
      }}
      modals={({ item: device }) => (
        <>
          {modal === 'assign' && <AssignMfaDeviceModal userName={userName} mayPerform={mayPerform} onClose={() => setModal(null)} onAssigned={() => setAssigned(true)} />}
          {modal === 'resync' && device && <ResyncModal userName={userName} device={device} onClose={() => setModal(null)} />}
        </>
      )}
    />
  );
}
