// The frame of the pages one sees before signing in: a narrow centred column, like AWS's
// sign-in page.
import Box from '@cloudscape-design/components/box';
import { Outlet } from 'react-router';

export function PublicLayout() {
  return (
    <main style={{ maxWidth: 480, margin: '0 auto', padding: '48px 16px' }}>
      <Box variant="h1" fontSize="display-l" textAlign="center" margin={{ bottom: 'l' }}>
        Portcullis
      </Box>
      <Outlet />
    </main>
  );
}
