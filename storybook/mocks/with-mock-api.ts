import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Decorator } from '@storybook/web-components-vite';
import { defaultRoutes } from './fixtures.ts';
import { registerStoryMock, type DrApiParameters } from './mock-api.ts';

/**
 * When a story is "done" (what the a11y test and screenshots wait for), in `parameters.drSettle`:
 * after this many `dr-loaded` events (default 1) and this many answered mock requests (default 0).
 * A `dr-error` event, or a request the mock leaves pending (a loading story), settles it at once.
 * `{ events: 0 }` is a story that loads nothing.
 */
export interface DrSettle {
  events?: number;
  requests?: number;
}

/** Token the stories' providers hold; the mock API accepts anything. */
const STORY_TOKEN = 'storybook-embed-token';
const apiBases = new Map<string, string>();

/** The mock API base of a story, for stories that render their own <dr-provider> (`parameters.drProvider: false`). */
export function storyApiBase(storyId: string): string {
  const base = apiBases.get(storyId);
  if (!base) throw new Error(`withMockApi has not run for ${storyId}`);
  return base;
}

/**
 * Wraps each story in a <dr-provider> whose API base is the story's own mock (the defaults of
 * fixtures.ts overridden by `parameters.drApi`), in the theme of the `theme` global, and reports
 * the story's state on the wrapper as `data-dr-state`: waiting → loaded | error | pending.
 */
export const withMockApi: Decorator = (story, context) => {
  const api = context.parameters.drApi as DrApiParameters | undefined;
  const settle = { events: 1, requests: 0, ...(context.parameters.drSettle as DrSettle | undefined) };
  const theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  let wrapper: HTMLElement | undefined;
  let state = 'waiting';
  let loaded = 0;
  let answered = 0;
  const show = (next: string) => {
    if (state !== 'waiting') return;
    state = next;
    if (wrapper) wrapper.dataset.drState = state;
  };
  const check = () => {
    if (loaded >= settle.events && answered >= settle.requests) show('loaded');
  };
  const base = registerStoryMock(context.id, {
    routes: { ...defaultRoutes(), ...api?.routes },
    markPending: () => show('pending'),
    markAnswered: () => {
      answered += 1;
      check();
    },
  });
  apiBases.set(context.id, base);
  const attach = (element: Element | undefined) => {
    wrapper = element as HTMLElement | undefined;
    if (!wrapper) return;
    wrapper.dataset.drState = state;
    // Stories that load nothing are done once rendered.
    queueMicrotask(check);
  };
  const onLoaded = () => {
    loaded += 1;
    check();
  };
  const content = context.parameters.drProvider === false ? story() : html`<dr-provider api-base=${base} token=${STORY_TOKEN} theme=${theme}>${story()}</dr-provider>`;
  return html`<div class="dr-story" data-dr-story=${context.id} data-theme=${theme} ${ref(attach)} @dr-loaded=${onLoaded} @dr-error=${() => show('error')}>${content}</div>`;
};
