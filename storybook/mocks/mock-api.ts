import type { components, paths } from '../../openapi/generated/schema.d.ts';

/**
 * A mock of the DefaultRate API inside the Storybook preview: a fetch interceptor answers every
 * request under MOCK_PREFIX from a table of routes. Routes are keyed by the spec's own
 * "METHOD /path/{param}" and their bodies are typed with the spec's generated response types, so a
 * fixture that drifts from the spec fails the type check instead of rendering a state the API can
 * never produce.
 *
 * Each story gets its own API base (`…/__dr-mock__/<story id>`), so the several stories a docs page
 * renders at once each see their own routes.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Problem = components['schemas']['Problem'];

/** "GET /v1/companies/{companyId}", for every operation of the spec. */
export type RouteKey = {
  [P in keyof paths]: { [M in Method]: [NonNullable<paths[P][M]>] extends [never] ? never : `${Uppercase<M>} ${P & string}` }[Method];
}[keyof paths];

type OperationOf<K extends RouteKey> = K extends `${infer M} ${infer P}` ? (P extends keyof paths ? NonNullable<paths[P][Lowercase<M> & Method]> : never) : never;

/** The JSON body of an operation's 2xx answer (never for non-JSON answers such as event streams). */
export type ResponseOf<K extends RouteKey> =
  OperationOf<K> extends { responses: infer R }
    ? { [S in keyof R]: S extends 200 | 201 | 202 ? (R[S] extends { content: { 'application/json': infer T } } ? T : never) : never }[keyof R]
    : never;

/** An error answer: application/problem+json with this status. */
export class MockProblem {
  constructor(readonly problem: Problem) {}
}

/** A hand-made answer (event streams, files). */
export class MockRaw {
  constructor(readonly respond: (request: MockRequest) => Response) {}
}

/** An answer that never comes: the widget stays in its loading state (aborting the request rejects it). */
export const PENDING = Symbol('pending');

export interface MockRequest {
  url: URL;
  method: string;
  /** Path parameters by the spec's names (`companyId`). */
  params: Record<string, string>;
  request: Request;
  signal: AbortSignal;
}

type Reply<T> = T | MockProblem | MockRaw | typeof PENDING;
/** A route's answer: a fixed reply or a function of the request. */
export type MockHandler<K extends RouteKey> = Reply<ResponseOf<K>> | ((request: MockRequest) => Reply<ResponseOf<K>> | Promise<Reply<ResponseOf<K>>>);
export type MockRoutes = { [K in RouteKey]?: MockHandler<K> };

/** What a story puts in `parameters.drApi`: routes over the defaults of preview.ts. */
export interface DrApiParameters {
  routes: MockRoutes;
}

/** Typed helper for `parameters: { drApi: mockApi({...}) }` (plain parameters are untyped). */
export function mockApi(routes: MockRoutes): DrApiParameters {
  return { routes };
}

/** A problem+json answer, shaped as the API's problem-handler writes them. */
export function problem(status: number, title: string, detail: string, extra: Partial<Problem> & Record<string, unknown> = {}): MockProblem {
  const slug = title.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
  return new MockProblem({ type: `/problems/${slug}`, title, status, detail, requestId: 'storybook-0001', ...extra });
}

/** A text/event-stream answer: each event after `intervalMs`; `hold` keeps the stream open afterwards (a job still running). */
export function eventStream(events: { event: string; data: unknown }[], { intervalMs = 150, hold = false } = {}): MockRaw {
  return new MockRaw(({ signal }) => {
    const encoder = new TextEncoder();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let next = 0;
        const push = () => {
          if (signal.aborted) return;
          if (next < events.length) {
            const { event, data } = events[next++];
            controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
            timer = setTimeout(push, intervalMs);
          } else if (hold) {
            currentStory(signal)?.markPending();
          } else {
            controller.close();
          }
        };
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          controller.error(signal.reason);
        });
        timer = setTimeout(push, intervalMs);
      },
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  });
}

/** A file download answer. */
export function file(content: string, fileName: string, type: string): MockRaw {
  return new MockRaw(() => new Response(new Blob([content], { type }), { status: 200, headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${fileName}"` } }));
}

interface StoryMock {
  routes: MockRoutes;
  /** Called when the story's widget is waiting on an answer that never comes (its loading state is final). */
  markPending(): void;
  /** Called after each answer the mock gives. */
  markAnswered(): void;
}

export const MOCK_PREFIX = '/__dr-mock__/';
/** Operations whose success is not 200, as in the spec. */
const SUCCESS_STATUS: Partial<Record<RouteKey, number>> = { 'POST /v1/score-jobs': 202 };
const stories = new Map<string, StoryMock>();
const requestStory = new WeakMap<AbortSignal, StoryMock>();

function currentStory(signal: AbortSignal): StoryMock | undefined {
  return requestStory.get(signal);
}

/** The API base a story's <dr-provider> uses; its requests are answered from `routes`. */
export function registerStoryMock(storyId: string, mock: StoryMock): string {
  stories.set(storyId, mock);
  return `${window.location.origin}${MOCK_PREFIX}${encodeURIComponent(storyId)}`;
}

function compile(key: string): { method: string; pattern: RegExp; names: string[] } {
  const [method, path] = key.split(' ');
  const names: string[] = [];
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), names };
}

function json(body: unknown, status: number, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

async function answer(story: StoryMock, request: Request, apiPath: string): Promise<Response> {
  const url = new URL(request.url);
  for (const [key, handler] of Object.entries(story.routes)) {
    const route = compile(key);
    const match = request.method === route.method ? route.pattern.exec(apiPath) : null;
    if (!match) continue;
    const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
    const mockRequest: MockRequest = { url, method: request.method, params, request, signal: request.signal };
    requestStory.set(request.signal, story);
    const reply = typeof handler === 'function' ? await (handler as (r: MockRequest) => unknown)(mockRequest) : handler;
    if (reply === PENDING) {
      story.markPending();
      return new Promise<Response>((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
    }
    // After the widget has had the answer (the caller's continuation runs first).
    setTimeout(() => story.markAnswered(), 0);
    if (reply instanceof MockProblem) return json(reply.problem, reply.problem.status, 'application/problem+json');
    if (reply instanceof MockRaw) return reply.respond(mockRequest);
    return json(reply, SUCCESS_STATUS[key as RouteKey] ?? 200);
  }
  // A route the story did not expect: answer as the API would, and say so in the console.
  console.warn(`[mock API] no route for ${request.method} ${apiPath}`);
  return json({ type: '/problems/not-found', title: 'Not found', status: 404, detail: `No mock route for ${request.method} ${apiPath}.` }, 404, 'application/problem+json');
}

let installed = false;

/** Routes fetch() calls under MOCK_PREFIX to the story's mock; everything else goes to the network. */
export function installMockApi(): void {
  if (installed) return;
  installed = true;
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== window.location.origin || !url.pathname.startsWith(MOCK_PREFIX)) return realFetch(input, init);
    const rest = url.pathname.slice(MOCK_PREFIX.length);
    const slash = rest.indexOf('/');
    const story = stories.get(decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash)));
    if (!story) return json({ type: '/problems/not-found', title: 'Not found', status: 404, detail: 'Unknown story.' }, 404, 'application/problem+json');
    return answer(story, request, slash === -1 ? '/' : rest.slice(slash));
  };
}
