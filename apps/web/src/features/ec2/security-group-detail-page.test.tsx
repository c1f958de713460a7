import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch } from '../../test/render.tsx';
import { SecurityGroupDetailPage } from './security-group-detail-page.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const group = {
  groupId: 'sg-0123456789abcdef0',
  groupName: 'web',
  groupDescription: 'Web servers',
  ownerId: '123456789012',
  vpcId: 'vpc-1',
  ipPermissions: [{ ipProtocol: 'tcp', fromPort: 80, toPort: 80, ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
  ipPermissionsEgress: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
};

function renderPage() {
  const stub = stubFetch({
    'POST /api/ec2/DescribeSecurityGroups': { status: 200, body: { securityGroupInfo: [group] } },
    'POST /api/ec2/DescribeInstances': { status: 200, body: { reservationSet: [] } },
    'POST /api/ec2/RevokeSecurityGroupIngress': { status: 200, body: { return: true } },
    'POST /api/ec2/AuthorizeSecurityGroupIngress': { status: 200, body: { return: true } },
  });
  renderRoute(<SecurityGroupDetailPage />, { path: '/ec2/security-groups/:groupId', url: `/ec2/security-groups/${group.groupId}` });
  return { ...stub, user: userEvent.setup({ delay: null }) };
}

describe('Edit inbound rules', () => {
  it('checks the rows, then revokes what was removed and authorizes what was added', async () => {
    const { user, calls } = renderPage();
    await user.click(await screen.findByRole('button', { name: 'Edit inbound rules' }));
    // Remove the HTTP rule, add an SSH rule.
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await user.type(screen.getByRole('textbox', { name: 'Port range' }), '22');
    await user.type(screen.getByRole('textbox', { name: 'Source' }), '203.0.113.0');
    await user.click(screen.getByRole('button', { name: 'Save rules' }));
    expect(screen.getByText(/Enter a valid CIDR block/)).toBeTruthy();
    expect(calls.some((c) => c.path.includes('SecurityGroupIngress'))).toBe(false);

    await user.type(screen.getByRole('textbox', { name: 'Source' }), '/24');
    await user.click(screen.getByRole('button', { name: 'Save rules' }));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/ec2/AuthorizeSecurityGroupIngress')).toBe(true));
    const revoke = calls.find((c) => c.path === '/api/ec2/RevokeSecurityGroupIngress');
    const authorize = calls.find((c) => c.path === '/api/ec2/AuthorizeSecurityGroupIngress');
    expect(revoke?.body).toEqual({ GroupId: group.groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
    expect(authorize?.body).toEqual({ GroupId: group.groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.0/24' }] }] });
    expect(calls.indexOf(revoke!)).toBeLessThan(calls.indexOf(authorize!));
  });
});
