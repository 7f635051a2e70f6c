import type { DesktopAppApi, HarkApi } from '../shared/ipc';

declare global {
  interface Window {
    hark: HarkApi;
    /** The desktop app's own calls; absent in the web preview. */
    harkApp?: DesktopAppApi;
  }
}

export {};
