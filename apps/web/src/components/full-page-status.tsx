// What the shell shows before any screen has loaded. Deliberately free of Cloudscape, so the
// first download stays small: the error view (which needs Cloudscape) is loaded only on error.
import { lazy, Suspense } from 'react';

const PageErrorView = lazy(async () => ({ default: (await import('./page-error-view.tsx')).PageErrorView }));

const spinnerStyle = `
@keyframes portcullis-spin { to { transform: rotate(360deg); } }
.portcullis-spinner { width: 32px; height: 32px; border-radius: 50%; border: 3px solid #d1d5db;
  border-top-color: #0972d3; animation: portcullis-spin 0.8s linear infinite; }
@media (prefers-reduced-motion: reduce) { .portcullis-spinner { animation-duration: 3s; } }
`;

/** A centred spinner for the moments before the console knows who you are. */
export function FullPageSpinner({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label} style={{ display: 'flex', justifyContent: 'center', paddingTop: 96 }}>
      <style>{spinnerStyle}</style>
      <div className="portcullis-spinner" />
    </div>
  );
}

/** A page-level error with a retry button. */
export function FullPageError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <Suspense fallback={<FullPageSpinner label="Loading" />}>
      <PageErrorView error={error} onRetry={onRetry} />
    </Suspense>
  );
}
