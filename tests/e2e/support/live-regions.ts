import type { Page } from 'playwright-core';

/**
 * Counts what screen readers would announce: every change of a live region's text
 * (aria-live, role=status/alert/log), one per batch of DOM mutations, with the text.
 * Installed before the app's scripts run (page.addInitScript), read with announcements().
 */
export function countLiveRegionChanges(): void {
  const log: { region: string; text: string; at: number }[] = [];
  (window as unknown as { __announcements: typeof log }).__announcements = log;
  const liveOf = (node: Node | null): Element | null => {
    const element = node instanceof Element ? node : (node?.parentElement ?? null);
    return (
      element?.closest(
        '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]',
      ) ?? null
    );
  };
  const last = new WeakMap<Element, string>();
  const observer = new MutationObserver((records) => {
    const touched = new Set<Element>();
    for (const record of records) {
      const region = liveOf(record.target);
      if (region) touched.add(region);
      for (const added of record.addedNodes) {
        if (added instanceof Element && liveOf(added) === added) touched.add(added);
      }
    }
    for (const region of touched) {
      const text = (region.textContent ?? '').trim();
      if (text === last.get(region)) continue;
      // A region that only lost content (an old announcement trimmed) says nothing new.
      const before = last.get(region) ?? '';
      last.set(region, text);
      if (!text || before.includes(text)) continue;
      const name =
        region.getAttribute('data-testid') ??
        region.getAttribute('role') ??
        region.getAttribute('aria-live') ??
        '?';
      log.push({ region: name, text, at: Date.now() });
    }
  });
  const start = (): void =>
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start);
}

export interface Announced {
  region: string;
  text: string;
  at: number;
}

export async function announcements(page: Page): Promise<Announced[]> {
  return page.evaluate(
    () => (window as unknown as { __announcements: Announced[] }).__announcements,
  );
}

/** Forget what was announced so far (the next step's count starts at zero). */
export async function resetAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __announcements: Announced[] }).__announcements.length = 0;
  });
}
