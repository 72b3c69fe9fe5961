import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (tests/bin/test.mjs installs it); playwright-core downloads no browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags proven on this machine kind (../shared/STACK.md §9). */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/** Console errors and uncaught exceptions of a page, for "the widgets never throw into the host" checks. */
export interface PageErrors {
  /** Everything collected so far, except browser messages about failed requests with these statuses (expected 401/404 answers). */
  unexpected(expectedStatuses?: number[]): string[];
}

export function collectErrors(page: Page): PageErrors {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') messages.push(message.text());
  });
  page.on('pageerror', (error) => messages.push(`uncaught: ${error.message}`));
  return {
    unexpected(expectedStatuses = []) {
      return messages.filter((text) => !expectedStatuses.some((status) => text.startsWith('Failed to load resource') && text.includes(`status of ${status}`)));
    },
  };
}

/** Polls until `read()` returns something deep-equal to `expected` (as JSON), or fails with the last value seen. */
export async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`still ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
}
