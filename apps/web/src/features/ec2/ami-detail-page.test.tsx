import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { AmiDetailPage } from './ami-detail-page.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const image = {
  imageId: 'ami-0123456789abcdef0',
  name: 'web-server',
  imageOwnerId: '123456789012',
  imageState: 'available',
  isPublic: false,
  architecture: 'x86_64',
  creationDate: '2026-01-01T00:00:00.000Z',
  rootDeviceName: '/dev/xvda',
  blockDeviceMapping: [{ deviceName: '/dev/xvda', ebs: { snapshotId: 'snap-0123456789abcdef0', volumeSize: 8 } }],
};

function renderPage(grants: object[]) {
  const stub = stubFetch({
    'GET /api/session': { status: 200, body: { principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' } },
    'POST /api/ec2/DescribeImages': { status: 200, body: { imagesSet: [image] } },
    'POST /api/ec2/DescribeImageAttribute': { status: 200, body: { imageId: image.imageId, launchPermission: grants } },
    'POST /api/ec2/ModifyImageAttribute': { status: 200, body: { return: true } },
    'POST /api/ec2/ModifySnapshotAttribute': { status: 200, body: { return: true } },
  });
  renderRoute(<AmiDetailPage />, { path: '/ec2/amis/:imageId', url: `/ec2/amis/${image.imageId}` });
  return { ...stub, user: userEvent.setup({ delay: null }) };
}

describe('AmiDetailPage', () => {
  it('shows who the AMI is shared with', async () => {
    renderPage([{ group: 'all' }, { userId: '111122223333' }]);
    expect(await screen.findByText('111122223333')).toBeTruthy();
    expect(screen.getAllByText('Public').length).toBeGreaterThan(0);
  });

  it('checks account IDs, confirms "Public", and saves the Add/Remove lists', async () => {
    const { user, calls } = renderPage([{ userId: '444455556666' }]);
    await screen.findByText('AMI availability');
    await user.click(screen.getByRole('button', { name: 'Edit AMI permissions' }));
    const accountInput = screen.getByRole('textbox', { name: /AWS account ID/ });
    await user.type(accountInput, '12345');
    await user.click(screen.getByRole('button', { name: 'Add account ID' }));
    expect(screen.getByText('The account ID must be 12 digits.')).toBeTruthy();
    await user.clear(accountInput);
    await user.type(accountInput, '111122223333');
    await user.click(screen.getByRole('button', { name: 'Add account ID' }));
    expect(screen.queryByText('The account ID must be 12 digits.')).toBeNull();

    await user.click(screen.getByRole('checkbox', { name: '444455556666' }));
    await user.click(screen.getByRole('button', { name: 'Remove selected' }));

    await user.click(screen.getByRole('radio', { name: /Public/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect((screen.getByRole('radio', { name: /Public/ }) as HTMLInputElement).checked).toBe(true));

    await user.click(screen.getByRole('checkbox', { name: /create volume/ }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/ec2/ModifySnapshotAttribute')).toBe(true));
    expect(calls.find((c) => c.path === '/api/ec2/ModifyImageAttribute')?.body).toEqual({
      ImageId: image.imageId,
      LaunchPermission: { Add: [{ Group: 'all' }, { UserId: '111122223333' }], Remove: [{ UserId: '444455556666' }] },
    });
    expect(calls.find((c) => c.path === '/api/ec2/ModifySnapshotAttribute')?.body).toEqual({
      SnapshotId: 'snap-0123456789abcdef0',
      Attribute: 'createVolumePermission',
      CreateVolumePermission: { Add: [{ UserId: '111122223333' }] },
    });
  });

  it('cancelling the public confirmation keeps the AMI private', async () => {
    const { user } = renderPage([]);
    await screen.findByText('AMI availability');
    await user.click(screen.getByRole('button', { name: 'Edit AMI permissions' }));
    await user.click(screen.getByRole('radio', { name: /Public/ }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect((screen.getByRole('radio', { name: /Private/ }) as HTMLInputElement).checked).toBe(true);
  });
});
