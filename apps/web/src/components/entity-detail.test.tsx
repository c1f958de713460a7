import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '../test/render.tsx';
import { EntityDetailPage } from './entity-detail.tsx';

const tabs = [
  { id: 'one', label: 'One', content: <p>first tab</p> },
  { id: 'two', label: 'Two', content: <p>second tab</p> },
];

describe('EntityDetailPage', () => {
  it('shows the first tab once the entity has loaded, and switches tabs', async () => {
    function Loader() {
      const [loaded, setLoaded] = useState(false);
      return (
        <>
          <button onClick={() => setLoaded(true)}>load</button>
          <EntityDetailPage title="bob" summary={loaded ? [{ label: 'ARN', value: 'arn:aws:iam::123456789012:user/bob' }] : undefined} tabs={loaded ? tabs : undefined} />
        </>
      );
    }
    renderRoute(<Loader />);
    const user = userEvent.setup();
    expect(screen.getByRole('heading', { name: 'bob', level: 1 })).toBeTruthy();
    expect(screen.getByText('Loading')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'load' }));
    expect(screen.getByText('first tab')).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'Two' }));
    expect(screen.getByText('second tab')).toBeTruthy();
  });

  it('shows the load error in place of the summary', () => {
    renderRoute(<EntityDetailPage title="ghost" error={new Error('The user with name ghost cannot be found.')} errorHeader="The user could not be loaded" summary={undefined} />);
    expect(screen.getByText('The user could not be loaded')).toBeTruthy();
    expect(screen.getByText('The user with name ghost cannot be found.')).toBeTruthy();
    expect(screen.queryByText('Summary')).toBeNull();
  });
});
