import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolicyPermissionsEditor } from './policy-permissions-editor.tsx';

beforeAll(() => {
  const empty = { length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] } as unknown as DOMRectList;
  Range.prototype.getClientRects = () => empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

let latest = '';
function Harness({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  latest = text;
  return <PolicyPermissionsEditor text={text} onChange={setText} />;
}

describe('PolicyPermissionsEditor', () => {
  it('turns visual choices into the policy JSON', async () => {
    const user = userEvent.setup({ delay: null });
    render(<Harness initial={'{"Version":"2012-10-17","Statement":[]}'} />);
    await user.click(screen.getByRole('button', { name: /Service for permission block 1/ }));
    await user.click(await screen.findByText('IAM (iam)'));
    await user.type(screen.getByRole('searchbox', { name: 'Filter actions for permission block 1' }), 'ListUsers');
    await user.click(screen.getByRole('checkbox', { name: /^ListUsers\b/ }));
    await user.click(screen.getByRole('checkbox', { name: /Require MFA/ }));
    await waitFor(() =>
      expect(JSON.parse(latest)).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
      }),
    );
    expect(screen.getByText('Errors: 0')).toBeTruthy();
  }, 30_000);

  it('reads a simple policy back into the visual form', () => {
    render(<Harness initial={'{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:GetObject"],"Resource":"*"}]}'} />);
    expect(screen.getByRole('heading', { name: 'S3 (block 1)' })).toBeTruthy();
    expect(screen.getByText('Deny permissions')).toBeTruthy();
  });

  it('says when a policy can only be edited in JSON', () => {
    render(<Harness initial={'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}'} />);
    expect(screen.getByText('This policy can only be edited in JSON')).toBeTruthy();
  });
});
