// The frame of the pages one sees before signing in: a narrow centred column, like AWS's
// sign-in page. The product name is a banner, not a heading: each page has its own single h1.
import Box from '@cloudscape-design/components/box';
import { Outlet } from 'react-router';
import { ColorModeMenu } from './color-mode-menu.tsx';

export function PublicLayout() {
  return (
    <>
      <header style={{ display: 'flex', justifyContent: 'flex-end', padding: '8px 16px' }}>
        <ColorModeMenu />
      </header>
      <main style={{ maxWidth: 480, margin: '0 auto', padding: '24px 16px 48px' }}>
        <Box variant="div" fontSize="display-l" fontWeight="bold" textAlign="center" margin={{ bottom: 'l' }}>
          Portcullis
        </Box>
        <Outlet />
      </main>
    </>
  );
}
