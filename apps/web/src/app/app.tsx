import { I18nProvider } from '@cloudscape-design/components/i18n';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { cloudscapeMessages } from './cloudscape-messages.ts';
import { createQueryClient } from './query-client.ts';
import { createRouter } from './router.tsx';

/** The console: Cloudscape's default labels, data cache and router. Everything else hangs off the route tree. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <I18nProvider locale="en" messages={[cloudscapeMessages]}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nProvider>
  );
}
