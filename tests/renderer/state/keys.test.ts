// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { spaceBelongsTo } from '../../../src/renderer/src/state/keys';

afterEach(() => {
  document.body.innerHTML = '';
});

function element(html: string): Element {
  document.body.innerHTML = html;
  return document.body.querySelector('[data-t]') ?? document.body.firstElementChild!;
}

describe('spaceBelongsTo: Space presses the focused control instead of talking', () => {
  it.each([
    ['a button', '<button>Allow once</button>'],
    ['a checkbox', '<input type="checkbox">'],
    ['a slider', '<input type="range">'],
    ['a text field', '<input>'],
    ['a text area', '<textarea></textarea>'],
    ['a select', '<select><option>a</option></select>'],
    ['a link', '<a href="#x">link</a>'],
    ['a disclosure', '<details><summary data-t>$0.01</summary></details>'],
    ['a tab', '<div role="tab" tabindex="0">Voice</div>'],
    ['a custom switch', '<div role="switch" tabindex="0"></div>'],
    ['editable text', '<div contenteditable="true"><span data-t>x</span></div>'],
    ['the icon inside a button', '<button><svg data-t></svg></button>'],
  ])('%s keeps Space', (_name, html) => {
    const target = element(html);
    // The icon: the event's target is the button (focus is never on an svg), checked too.
    expect(spaceBelongsTo(target.closest('button') ?? target)).toBe(true);
  });

  it.each([
    ['the page', '<main data-t>text</main>'],
    ['the transcript (a focusable region)', '<section tabindex="0" data-t>…</section>'],
    ['a heading focused by a view', '<h2 tabindex="-1" data-t>Hark asks</h2>'],
    ['a link without href', '<a data-t>not a link</a>'],
    ['the talk button', '<button data-space-talks>Hold to talk</button>'],
  ])('%s: Space talks', (_name, html) => {
    expect(spaceBelongsTo(element(html))).toBe(false);
  });

  it('nothing at all (the window) talks', () => {
    expect(spaceBelongsTo(null)).toBe(false);
    expect(spaceBelongsTo(window)).toBe(false);
  });
});
