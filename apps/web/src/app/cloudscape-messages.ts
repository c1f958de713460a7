// Default names for Cloudscape's icon-only controls (pagination arrows, dismiss, close and
// clear buttons), so no screen reader meets an unnamed button whatever a page forgets to pass. Only
// these strings: Cloudscape's full English catalogue is 47 KB the sign-in route does not need.
import type { I18nProviderProps } from '@cloudscape-design/components/i18n';

export const cloudscapeMessages: I18nProviderProps.Messages = {
  'cloudscape-design-components': {
    en: {
      pagination: {
        'ariaLabels.nextPageLabel': 'Next page',
        'ariaLabels.previousPageLabel': 'Previous page',
        'ariaLabels.pageLabel': 'Page {pageNumber}',
        'ariaLabels.jumpToPageButtonLabel': 'Jump to page',
        'i18nStrings.jumpToPageInputLabel': 'Page',
      },
      modal: { closeAriaLabel: 'Close modal' },
      // The clear button of every search field (TextFilter passes no name of its own).
      input: { clearAriaLabel: 'Clear' },
      alert: { dismissAriaLabel: 'Dismiss alert', 'i18nStrings.dismissAriaLabel': 'Dismiss alert' },
      popover: { dismissAriaLabel: 'Close popover' },
      'copy-to-clipboard': { 'i18nStrings.copyButtonText': 'Copy' },
      'token-group': { 'i18nStrings.limitShowFewer': 'Show fewer', 'i18nStrings.limitShowMore': 'Show more' },
      tabs: { 'i18nStrings.scrollLeftAriaLabel': 'Scroll left', 'i18nStrings.scrollRightAriaLabel': 'Scroll right' },
      flashbar: { 'i18nStrings.ariaLabel': 'Notifications' },
    },
  },
};
