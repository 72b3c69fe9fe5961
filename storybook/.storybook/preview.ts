import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
// Generated from the widgets' JSDoc by the widgets build (npm run build:widgets / npm run cem).
import manifest from '../../widgets/dist/custom-elements.json';
import '../../widgets/src/index.ts';
import { installMockApi } from '../mocks/mock-api.ts';
import { withMockApi } from '../mocks/with-mock-api.ts';

// Controls and argTypes (attributes, properties, events, CSS parts and custom properties) come from the manifest.
setCustomElementsManifest(manifest);
installMockApi();

const preview: Preview = {
  decorators: [withMockApi],
  // After render and play: tells a test driving the preview (tests/e2e/storybook-a11y.test.ts) which story is complete.
  afterEach: ({ id }) => {
    document.documentElement.dataset.drStoryDone = id;
  },
  tags: ['autodocs'],
  globalTypes: {
    theme: {
      description: 'Theme of <dr-provider>',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // Every story must pass axe: the addon marks violations as failures, and npm test checks each story in Chromium.
    a11y: { test: 'error' },
  },
};

export default preview;
