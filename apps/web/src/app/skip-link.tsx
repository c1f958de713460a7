// "Skip to main content": the first focusable element of every console page, so a keyboard or
// screen-reader user need not tab through the top and side navigation on each page. Hidden
// until it takes focus, as on AWS's console.
import { useState, type CSSProperties } from 'react';

export const MAIN_CONTENT_ID = 'main-content';

const hidden: CSSProperties = { position: 'absolute', left: -10_000, top: 'auto', width: 1, height: 1, overflow: 'hidden' };
const shown: CSSProperties = { position: 'fixed', left: 8, top: 8, zIndex: 2000, padding: '8px 12px', background: '#ffffff', color: '#0972d3', border: '2px solid #0972d3', borderRadius: 8 };

export function SkipLink() {
  const [focused, setFocused] = useState(false);
  return (
    <a
      href={`#${MAIN_CONTENT_ID}`}
      style={focused ? shown : hidden}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onClick={(event) => {
        // Focus the content instead of changing the URL's hash (the router owns the URL).
        event.preventDefault();
        document.getElementById(MAIN_CONTENT_ID)?.focus();
      }}
    >
      Skip to main content
    </a>
  );
}
