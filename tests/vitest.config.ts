import { defineConfig } from 'vitest/config';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  test: {
    root,
    // Each API test file builds its own app and tenant, so files run in parallel; two workers match the two cores.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'model',
          root,
          include: ['model/src/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          root,
          include: ['api/src/**/*.test.ts', 'tests/api/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // Widgets in real Chromium against the real app, and the widgets' size budget. Needs widgets/dist
          // (tests/bin/test.mjs builds it first; the tests rebuild it when it is missing or stale).
          name: 'e2e',
          root,
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts', 'tests/widgets/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
