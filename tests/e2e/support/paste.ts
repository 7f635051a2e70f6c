import type { Page } from 'playwright-core';

/** Paste a file into the page as a user's Ctrl+V does (a ClipboardEvent with a DataTransfer). */
export async function pasteFile(
  page: Page,
  bytes: Buffer,
  type: string,
  name: string,
): Promise<void> {
  await page.evaluate(
    ({ base64, type, name }) => {
      const data = new DataTransfer();
      const content = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      data.items.add(new File([content], name, { type }));
      document.body.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    { base64: bytes.toString('base64'), type, name },
  );
}
