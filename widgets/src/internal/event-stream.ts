/** One server-sent event: its `event` name (default `message`), `data` and `id`. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/** Parses one event block (the lines between blank lines); undefined for a comment-only block (heartbeats). */
function parseBlock(block: string): ServerSentEvent | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  return data.length > 0 ? { event, data: data.join('\n'), id } : undefined;
}

/**
 * Reads a `text/event-stream` body event by event as it arrives. Widgets read the stream from
 * fetch() rather than EventSource because EventSource cannot send the Authorization header, and a
 * token in the query string would end up in logs and browser history.
 */
export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      // `stream: true` keeps a multi-byte character split across two chunks intact.
      buffer += decoder.decode(value, { stream: true });
      // An event ends at a blank line; whatever follows the last one is an event still arriving.
      const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        const event = parseBlock(block);
        if (event) yield event;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
