import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { SnapshotDetailPage } from './snapshot-detail-page.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const snapshot = { snapshotId: 'snap-0123456789abcdef0', status: 'completed', startTime: '2026-01-01T00:00:00.000Z', ownerId: '123456789012', volumeSize: 8, encrypted: false };

it('EC2 takes adds and removes of create-volume permission in separate calls', async () => {
  const { calls } = stubFetch({
    'GET /api/session': { status: 200, body: { principal: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', type: 'root' }, csrfToken: 't' } },
    'POST /api/ec2/DescribeSnapshots': { status: 200, body: { snapshotSet: [snapshot] } },
    'POST /api/ec2/DescribeSnapshotAttribute': { status: 200, body: { snapshotId: snapshot.snapshotId, createVolumePermission: [{ userId: '444455556666' }] } },
    'POST /api/ec2/ModifySnapshotAttribute': { status: 200, body: { return: true } },
  });
  renderRoute(<SnapshotDetailPage />, { path: '/ec2/snapshots/:snapshotId', url: `/ec2/snapshots/${snapshot.snapshotId}` });
  const user = userEvent.setup({ delay: null });
  await screen.findByText('Snapshot availability');
  await user.click(screen.getByRole('button', { name: 'Modify permissions' }));
  await user.type(screen.getByRole('textbox', { name: /AWS account ID/ }), '111122223333');
  await user.click(screen.getByRole('button', { name: 'Add account ID' }));
  await user.click(screen.getByRole('checkbox', { name: '444455556666' }));
  await user.click(screen.getByRole('button', { name: 'Remove selected' }));
  await user.click(screen.getByRole('button', { name: 'Save changes' }));
  await waitFor(() => expect(calls.filter((c) => c.path === '/api/ec2/ModifySnapshotAttribute')).toHaveLength(2));
  expect(calls.filter((c) => c.path === '/api/ec2/ModifySnapshotAttribute').map((c) => c.body)).toEqual([
    { SnapshotId: snapshot.snapshotId, Attribute: 'createVolumePermission', CreateVolumePermission: { Add: [{ UserId: '111122223333' }] } },
    { SnapshotId: snapshot.snapshotId, Attribute: 'createVolumePermission', CreateVolumePermission: { Remove: [{ UserId: '444455556666' }] } },
  ]);
});
