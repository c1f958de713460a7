import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderRoute } from '../test/render.tsx';
import { inlineRow, managedRow, PermissionsPoliciesTable } from './entity-permissions.tsx';

const rows = [
  managedRow('arn:aws:iam::aws:policy/ReadOnlyAccess', 'ReadOnlyAccess', 'Directly'),
  inlineRow('ListBuckets', 'Inline'),
  managedRow('arn:aws:iam::123456789012:policy/TeamAccess', 'TeamAccess', 'Group Developers'),
];

describe('managedRow / inlineRow', () => {
  it('types policies as the console does and keeps inherited ones from being removed', () => {
    expect(rows.map((r) => [r.type, r.removable])).toEqual([
      ['AWS managed', true],
      ['Customer inline', true],
      ['Customer managed', false],
    ]);
  });
});

describe('PermissionsPoliciesTable', { timeout: 20_000 }, () => {
  it('removes the selected rows it may remove, links managed policies and offers Simulate', async () => {
    const onRemove = vi.fn(() => Promise.resolve());
    const onAdd = vi.fn();
    renderRoute(<PermissionsPoliciesTable rows={rows} simulateArn="arn:aws:iam::123456789012:user/alice" showAttachedVia onRemove={onRemove} onAdd={onAdd} />);
    const user = userEvent.setup();
    const table = screen.getByRole('table', { name: 'Permissions policies' });
    expect(within(table).getByRole('link', { name: 'ReadOnlyAccess' }).getAttribute('href')).toBe(`/policies/details/${encodeURIComponent('arn:aws:iam::aws:policy/ReadOnlyAccess')}`);
    expect(within(table).getByRole('checkbox', { name: 'TeamAccess (Group Developers)' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('link', { name: 'Simulate' }).getAttribute('href')).toBe(`/policy-simulator?arn=${encodeURIComponent('arn:aws:iam::123456789012:user/alice')}`);

    await user.click(within(table).getByRole('checkbox', { name: 'ReadOnlyAccess (Directly)' }));
    await user.click(within(table).getByRole('checkbox', { name: 'ListBuckets (Inline)' }));
    await user.click(screen.getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(onRemove).toHaveBeenCalledTimes(1));
    expect((onRemove.mock.calls[0] as unknown as [typeof rows])[0].map((r) => r.name)).toEqual(['ReadOnlyAccess', 'ListBuckets']);
    await user.click(screen.getByRole('button', { name: 'Add permissions' }));
    expect(onAdd).toHaveBeenCalled();
  });

  it('offers no changes when read-only', () => {
    renderRoute(<PermissionsPoliciesTable rows={rows.slice(0, 1)} readOnly onRemove={() => Promise.resolve()} onAdd={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add permissions' })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});
