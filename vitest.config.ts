import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

const alias = { '@shared': resolve(import.meta.dirname, 'src/shared') };

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'shared', include: ['tests/shared/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'main',
          include: [
            'tests/main/**/*.test.ts',
            'tests/simulator/**/*.test.ts',
            'tests/preload/**/*.test.ts',
            'tests/scripts/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        // svelteTesting: the browser build of Svelte (component tests opt into happy-dom per file).
        plugins: [svelte(), svelteTesting()],
        test: { name: 'renderer', include: ['tests/renderer/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'faults',
          include: ['tests/faults/**/*.faults.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        // The built bundle and the packages (needs `electron-vite build` first).
        resolve: { alias },
        test: {
          name: 'desktop',
          include: ['tests/desktop/**/*.test.ts'],
          environment: 'node',
          // Each test starts the built app (and its hook processes) in fresh Node processes.
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'peers',
          include: ['tests/peers/**/*.peer.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'bench',
          include: ['tests/bench/**/*.test.ts'],
          environment: 'node',
          // The quick bench spawns its own Chromium and simulator; it takes ~40 s.
          testTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time on a 2-core machine keeps the fake mic in real time.
          fileParallelism: false,
        },
      },
    ],
  },
});
