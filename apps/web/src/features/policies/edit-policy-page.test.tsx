import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubFetch, type RecordedCall } from '../../test/render.tsx';
import { EditPolicyPage } from './edit-policy-page.tsx';

beforeAll(() => {
  const empty = { length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] } as unknown as DOMRectList;
  Range.prototype.getClientRects = () => empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const arn = 'arn:aws:iam::123456789012:policy/ReadObjects';
const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const policy = { PolicyName: 'ReadObjects', PolicyId: 'ANPA1', Arn: arn, Path: '/', DefaultVersionId: 'v5', AttachmentCount: 0, PermissionsBoundaryUsageCount: 0, IsAttachable: true, CreateDate: '2026-01-01T00:00:00Z', UpdateDate: '2026-01-01T00:00:00Z' };
const version = (n: number) => ({ VersionId: `v${n}`, IsDefaultVersion: n === 5, CreateDate: `2026-01-0${n}T00:00:00Z` });

function renderEdit(versionCount: number) {
  const stub = stubFetch({
    'POST /api/iam/GetPolicy': { status: 200, body: { Policy: policy } },
    'POST /api/iam/GetPolicyVersion': { status: 200, body: { PolicyVersion: { ...version(5), Document: document } } },
    'POST /api/iam/ListPolicyVersions': { status: 200, body: { Versions: Array.from({ length: versionCount }, (_v, i) => version(5 - i)), IsTruncated: false } },
    'POST /api/iam/DeletePolicyVersion': { status: 200, body: {} },
    'POST /api/iam/CreatePolicyVersion': { status: 200, body: { PolicyVersion: { VersionId: 'v6', IsDefaultVersion: true, CreateDate: '2026-01-06T00:00:00Z' } } },
  });
  const view = renderRoute(<EditPolicyPage />, { path: '/policies/details/:arn/edit', url: `/policies/details/${encodeURIComponent(arn)}/edit` });
  return { ...stub, ...view, user: userEvent.setup() };
}

const writes = (calls: RecordedCall[]) => calls.filter((c) => /(Create|Delete)PolicyVersion$/.test(c.path));

describe('EditPolicyPage', () => {
  it('saves a new default version directly when fewer than 5 exist', async () => {
    const { user, calls, router } = renderEdit(2);
    await user.click(await screen.findByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(writes(calls)).toHaveLength(1));
    expect(writes(calls)[0]).toMatchObject({ path: '/api/iam/CreatePolicyVersion', body: { PolicyArn: arn, PolicyDocument: JSON.stringify(JSON.parse(document), null, 2), SetAsDefault: true } });
    await waitFor(() => expect(router.state.location.pathname).toBe(`/policies/details/${encodeURIComponent(arn)}`));
  });

  it('with 5 versions, asks which non-default version to delete first, then saves', async () => {
    const { user, calls } = renderEdit(5);
    await user.click(await screen.findByRole('button', { name: 'Save changes' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('already has 5 versions');
    // The default (v5) is not offered.
    expect(screen.queryByRole('radio', { name: /^v5/ })).toBeNull();
    await user.click(screen.getByRole('radio', { name: /^v2/ }));
    await user.click(screen.getByRole('button', { name: 'Delete version and save' }));
    await waitFor(() => expect(writes(calls)).toHaveLength(2));
    expect(writes(calls).map((c) => [c.path, (c.body as { VersionId?: string }).VersionId])).toEqual([
      ['/api/iam/DeletePolicyVersion', 'v2'],
      ['/api/iam/CreatePolicyVersion', undefined],
    ]);
  });
});
