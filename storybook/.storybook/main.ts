import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Storybook for the widgets. Offline by design: telemetry off here and on the command line (see
 * package.json), no version checks, and every API call answered by the mock in ../mocks.
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal(viteConfig) {
    viteConfig.build ??= {};
    // The preview bundle carries axe (the a11y addon) and Storybook's runtime: large by nature, and
    // served from disk, so the default 500 kB warning says nothing useful here.
    viteConfig.build.chunkSizeWarningLimit = 2000;
    // Rolldown's slow-plugin report is about Storybook's own CSS pipeline, nothing we can act on.
    viteConfig.build.rolldownOptions = { ...viteConfig.build.rolldownOptions, checks: { ...viteConfig.build.rolldownOptions?.checks, pluginTimings: false } };
    return viteConfig;
  },
};

export default config;
