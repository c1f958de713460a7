import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import Flashbar from '@cloudscape-design/components/flashbar';
import { bulkResultFlashes, runBounded } from './bulk-delete.tsx';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('runBounded', () => {
  it('runs at most `concurrency` at once, goes on after a failure and reports progress', async () => {
    let running = 0;
    let most = 0;
    const progress: number[] = [];
    const names = Array.from({ length: 25 }, (_v, i) => `u${i + 1}`);
    const result = await runBounded(
      names,
      async (name) => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
        if (name === 'u7' || name === 'u20') throw new Error(`${name} is in use`);
      },
      { concurrency: 4, onProgress: (done) => progress.push(done) },
    );
    expect(most).toBe(4);
    expect(progress).toEqual(Array.from({ length: 25 }, (_v, i) => i + 1));
    expect(result.deleted).toEqual(names.filter((n) => n !== 'u7' && n !== 'u20'));
    expect(result.failed).toEqual([
      { name: 'u7', message: 'u7 is in use' },
      { name: 'u20', message: 'u20 is in use' },
    ]);
  });

  it('settles at once with nothing to do', async () => {
    expect(await runBounded([], () => Promise.resolve())).toEqual({ deleted: [], failed: [] });
  });
});

describe('bulkResultFlashes', () => {
  it('says how many were deleted and lists each failure with its reason', () => {
    const items = bulkResultFlashes({ deleted: ['a', 'b'], failed: [{ name: 'c', message: 'The user with name c cannot be found.' }] }, { singular: 'user', plural: 'users' }, () => undefined);
    render(<Flashbar items={items} />);
    expect(screen.getByText('Deleted 2 users')).toBeTruthy();
    expect(screen.getByText('1 user could not be deleted')).toBeTruthy();
    const list = screen.getByRole('list', { name: 'users not deleted' });
    expect(list.textContent).toBe('c: The user with name c cannot be found.');
  });

  it('shows no success flash when nothing was deleted', () => {
    const items = bulkResultFlashes({ deleted: [], failed: [{ name: 'x', message: 'no' }] }, { singular: 'group', plural: 'groups' }, () => undefined);
    expect(items.map((i) => i.type)).toEqual(['error']);
  });
});
