import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderRoute } from '../test/render.tsx';
import { tagChanges, TagsPanel } from './tags-panel.tsx';

describe('tagChanges', () => {
  it('sends new and changed tags, and the keys that are gone', () => {
    const current = [
      { Key: 'team', Value: 'a' },
      { Key: 'env', Value: 'prod' },
      { Key: 'old', Value: '' },
    ];
    const next = [
      { Key: 'team', Value: 'b' },
      { Key: 'env', Value: 'prod' },
      { Key: 'cost', Value: '42' },
    ];
    expect(tagChanges(current, next)).toEqual({ set: [{ Key: 'team', Value: 'b' }, { Key: 'cost', Value: '42' }], remove: ['old'] });
  });
});

describe('TagsPanel', { timeout: 20_000 }, () => {
  it('lists the tags, edits them in Manage tags and saves only the changes', async () => {
    const onSave = vi.fn(() => Promise.resolve());
    renderRoute(<TagsPanel tags={[{ Key: 'team', Value: 'platform' }]} onSave={onSave} />);
    const user = userEvent.setup();
    expect(screen.getByRole('table', { name: 'Tags' }).textContent).toContain('platform');
    await user.click(screen.getByRole('button', { name: 'Manage tags' }));
    await user.click(screen.getByRole('button', { name: 'Add new tag' }));
    await user.type(screen.getByLabelText('Tag key 2'), 'cost');
    await user.type(screen.getByLabelText('Tag value 2'), '42');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.getByText('Tags saved.')).toBeTruthy());
    expect(onSave).toHaveBeenCalledWith({ set: [{ Key: 'cost', Value: '42' }], remove: [] }, [
      { Key: 'team', Value: 'platform' },
      { Key: 'cost', Value: '42' },
    ]);
  });

  it('refuses a tag without a key before calling the API', async () => {
    const onSave = vi.fn(() => Promise.resolve());
    renderRoute(<TagsPanel tags={[]} onSave={onSave} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Manage tags' }));
    await user.click(screen.getByRole('button', { name: 'Add new tag' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Enter a key for every tag.')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
  });
});
