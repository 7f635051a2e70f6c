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
  const nameOf = (region: Element): string =>
    region.getAttribute('data-testid') ??
    region.getAttribute('role') ??
    region.getAttribute('aria-live') ??
    '?';
  const observer = new MutationObserver((records) => {
    // Per region: the text of what was added (a polite log appends), else its new text.
    const added = new Map<Element, string[]>();
    const changed = new Set<Element>();
    for (const record of records) {
      const region = liveOf(record.target);
      for (const node of record.addedNodes) {
        const own = node instanceof Element && liveOf(node) === node ? node : null;
        const target = own ?? region;
        if (!target) continue;
        const text = (node.textContent ?? '').trim();
        if (own) changed.add(own);
        else if (text) added.set(target, [...(added.get(target) ?? []), text]);
      }
      if (region) changed.add(region);
    }
    for (const region of changed) {
      const text = (region.textContent ?? '').trim();
      const before = last.get(region) ?? '';
      last.set(region, text);
      const parts = added.get(region);
      if (parts) {
        for (const part of parts) log.push({ region: nameOf(region), text: part, at: Date.now() });
        continue;
      }
      // Changed in place (a status text replaced); a region that only lost content says nothing.
      if (!text || text === before || before.includes(text)) continue;
      log.push({ region: nameOf(region), text, at: Date.now() });
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
