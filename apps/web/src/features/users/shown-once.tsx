// A secret shown once (a password, a secret access key): masked until Show, with a copy button.
import Button from '@cloudscape-design/components/button';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';

export function ShownOnce({ label, value }: { label: string; value: string }) {
  const [shown, setShown] = useState(false);
  return (
    <SpaceBetween direction="horizontal" size="xs" alignItems="center">
      <span style={{ fontFamily: 'monospace' }}>{shown ? value : '*'.repeat(16)}</span>
      <Button variant="inline-link" ariaLabel={`${shown ? 'Hide' : 'Show'} ${label}`} onClick={() => setShown((s) => !s)}>
        {shown ? 'Hide' : 'Show'}
      </Button>
      <CopyToClipboard variant="icon" textToCopy={value} copyButtonAriaLabel={`Copy ${label}`} copySuccessText={`${label} copied`} copyErrorText={`${label} failed to copy`} />
    </SpaceBetween>
  );
}
