// The Light / Dark / Browser default choice: a top-navigation utility in the console, a menu
// button on the public pages (sign-in, setup).
import ButtonDropdown, { type ButtonDropdownProps } from '@cloudscape-design/components/button-dropdown';
import type { TopNavigationProps } from '@cloudscape-design/components/top-navigation';
import { COLOR_MODE_OPTIONS, parsePreference, useColorModePreference, type ColorModePreference } from './color-mode.ts';

export const COLOR_MODE_LABEL = 'Theme';

function items(preference: ColorModePreference): ButtonDropdownProps.ItemOrGroup[] {
  return COLOR_MODE_OPTIONS.map((option) => ({ id: option.id, text: option.text, itemType: 'checkbox', checked: option.id === preference }));
}

const currentText = (preference: ColorModePreference) => COLOR_MODE_OPTIONS.find((o) => o.id === preference)?.text ?? '';

/** The top navigation's theme menu. */
export function useColorModeUtility(): TopNavigationProps.MenuDropdownUtility {
  const [preference, setPreference] = useColorModePreference();
  return {
    type: 'menu-dropdown',
    iconName: 'settings',
    text: COLOR_MODE_LABEL,
    title: `${COLOR_MODE_LABEL}: ${currentText(preference)}`,
    ariaLabel: COLOR_MODE_LABEL,
    items: items(preference),
    onItemClick: ({ detail }) => setPreference(parsePreference(detail.id)),
  };
}

/** The theme menu of the public pages. */
export function ColorModeMenu() {
  const [preference, setPreference] = useColorModePreference();
  return (
    <ButtonDropdown variant="icon" iconName="settings" ariaLabel={COLOR_MODE_LABEL} items={items(preference)} onItemClick={({ detail }) => setPreference(parsePreference(detail.id))} />
  );
}
