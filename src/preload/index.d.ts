import type { HarkApi } from '../shared/ipc';

declare global {
  interface Window {
    hark: HarkApi;
  }
}

export {};
