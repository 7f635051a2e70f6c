/** Roles whose widgets act on Space themselves (WAI-ARIA): a focused one keeps the key. */
const SPACE_ROLES = new Set([
  'button',
  'checkbox',
  'switch',
  'radio',
  'slider',
  'spinbutton',
  'tab',
  'link',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'option',
  'treeitem',
  'textbox',
  'searchbox',
  'combobox',
]);
const SPACE_TAGS = new Set(['BUTTON', 'INPUT', 'TEXTAREA', 'SELECT', 'SUMMARY', 'OPTION']);

/**
 * Whether Space belongs to the focused element rather than to "hold to talk": buttons,
 * checkboxes, links, disclosures, sliders and text fields press, toggle or type with it.
 * The talk button itself (`data-space-talks`) is the exception: Space on it talks.
 */
export function spaceBelongsTo(target: EventTarget | null): boolean {
  const element = target as Element | null;
  if (!element || typeof element.closest !== 'function') return false;
  if (element.closest('[data-space-talks]')) return false;
  if (element.closest('[contenteditable]:not([contenteditable="false"])')) return true;
  if (SPACE_TAGS.has(element.tagName)) return true;
  if (element.tagName === 'A' && element.hasAttribute('href')) return true;
  const role = element.getAttribute('role');
  return role !== null && SPACE_ROLES.has(role);
}
