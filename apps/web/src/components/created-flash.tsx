// The success flash a list shows after "Create …", as the AWS console does: "Developers user group
// created." with a "View group" button that opens the new entity. The create page navigates to
// the list with `createdFlashState(...)` as the location state; the list renders <CreatedFlashbar />.
import Button from '@cloudscape-design/components/button';
import Flashbar from '@cloudscape-design/components/flashbar';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

export interface CreatedFlash {
  message: string;
  /** The new entity's page. */
  href: string;
  /** The button's text, e.g. "View group". */
  viewLabel: string;
}

/** The location state that makes the next page's <CreatedFlashbar /> show `flash`. */
export function createdFlashState(flash: CreatedFlash): { createdFlash: CreatedFlash } {
  return { createdFlash: flash };
}

/** The flash handed over in the location state, if any. */
export function readCreatedFlash(state: unknown): CreatedFlash | null {
  if (typeof state !== 'object' || state === null || !('createdFlash' in state)) return null;
  const flash = (state as { createdFlash: unknown }).createdFlash;
  if (typeof flash !== 'object' || flash === null) return null;
  const { message, href, viewLabel } = flash as Partial<CreatedFlash>;
  return typeof message === 'string' && typeof href === 'string' && typeof viewLabel === 'string' ? { message, href, viewLabel } : null;
}

/** Shows the success flash handed over by a create page, with its "View …" button; nothing otherwise. */
export function CreatedFlashbar() {
  const location = useLocation();
  const navigate = useNavigate();
  const [flash, setFlash] = useState(() => readCreatedFlash(location.state));
  if (!flash) return null;
  return (
    <Flashbar
      items={[
        {
          id: 'created',
          type: 'success',
          content: flash.message,
          dismissible: true,
          dismissLabel: 'Dismiss message',
          onDismiss: () => setFlash(null),
          action: (
            <Button
              href={flash.href}
              onFollow={(event) => {
                event.preventDefault();
                void navigate(flash.href);
              }}
            >
              {flash.viewLabel}
            </Button>
          ),
        },
      ]}
    />
  );
}

/** The success message of an action the page itself ran ("Volume … was created"), until dismissed. */
export function SuccessFlash({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  if (!message) return null;
  return <Flashbar items={[{ id: 'flash', type: 'success', content: message, dismissible: true, onDismiss }]} />;
}
