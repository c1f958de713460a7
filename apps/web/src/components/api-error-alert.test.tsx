import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMutation, useQuery } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client.ts';
import { renderRoute } from '../test/render.tsx';
import { ApiErrorAlert } from './api-error-alert.tsx';

const duplicate = new ApiError('EntityAlreadyExists', 'Group with name Developers already exists.', 409, 'req-1');

function CreateForm() {
  const create = useMutation({ mutationFn: () => Promise.reject(duplicate) });
  return (
    <div>
      {create.isError && <ApiErrorAlert error={create.error} header="The user group was not created" />}
      <button onClick={() => create.mutate()}>Create group</button>
    </div>
  );
}

function FailedList() {
  const list = useQuery({ queryKey: ['failing'], queryFn: () => Promise.reject(new ApiError('AccessDenied', 'not authorized', 403)) });
  return (
    <div>
      <input aria-label="Search" />
      {list.isError && <ApiErrorAlert error={list.error} />}
    </div>
  );
}

afterEach(() => vi.restoreAllMocks());

describe('ApiErrorAlert', () => {
  it('scrolls a failed change into view and moves focus to it (role=alert)', async () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    renderRoute(<CreateForm />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Create group' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Group with name Developers already exists.');
    expect(alert.textContent).toContain('Request ID: req-1');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(scrolled).toHaveBeenCalled();
    // Long words (ARNs) wrap instead of being cut.
    expect(alert.style.overflowWrap).toBe('anywhere');
  });

  it('does not take the focus for a read that failed, unless asked to', async () => {
    renderRoute(<FailedList />);
    const input = screen.getByRole('textbox', { name: 'Search' });
    input.focus();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('not authorized');
    expect(document.activeElement).toBe(input);
  });

  it('takes the focus when told to', async () => {
    renderRoute(<ApiErrorAlert error={new Error('Something failed')} focusOnShow />);
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });
});
