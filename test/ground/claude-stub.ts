import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local stand-in for the Messages API on 127.0.0.1: it answers each POST /v1/messages with the
 * next scripted reply (streamed as server-sent events when the request asks for a stream) and
 * records what it was sent. Tests point the real SDK at it (baseURL), so
 * nothing reaches the internet.
 */

export interface StubRequest {
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    max_tokens: number;
    system?: string;
    tools?: { name: string }[];
    messages: { role: string; content: unknown }[];
    [key: string]: unknown;
  };
}

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
  /** Sent as it is instead of `body` as JSON (a torn or non-JSON reply). */
  raw?: string;
  /** Never answer (a server that hangs). */
  hang?: boolean;
}

/** A scripted reply, or a function of the request that makes one. */
export type ScriptStep = StubReply | ((request: StubRequest) => StubReply);

export class ClaudeStub {
  readonly requests: StubRequest[] = [];
  private script: ScriptStep[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request: StubRequest = { headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') };
        this.requests.push(request);
        const step = this.script.shift();
        const reply: StubReply = !step
          ? { status: 500, body: { type: 'error', error: { type: 'api_error', message: 'stub: script exhausted' } } }
          : typeof step === 'function' ? step(request) : step;
        if (reply.hang) return;
        const requestId = `req_stub_${this.requests.length}`;
        // A streamed request gets a message as the API streams it (server-sent events); errors and raw bodies go as they are.
        if (request.body.stream === true && (reply.status ?? 200) === 200 && reply.raw === undefined && isMessage(reply.body)) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': requestId, ...reply.headers });
          res.end(sse(reply.body));
          return;
        }
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'request-id': requestId, ...reply.headers });
        res.end(reply.raw ?? JSON.stringify(reply.body));
      });
    });
    // Kept-alive sockets outlive a tool that blocks this process for a while (simulate_route runs the twin in-process).
    this.server.keepAliveTimeout = 120_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Replaces the script and forgets earlier requests. */
  reset(script: ScriptStep[]): void {
    this.script = [...script];
    this.requests.length = 0;
  }

  get remaining(): number {
    return this.script.length;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections(); // a hung request would keep the server open
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

interface StubMessage {
  type: 'message';
  content: { type: string; [key: string]: unknown }[];
  stop_reason: string | null;
  usage: Record<string, number>;
  [key: string]: unknown;
}

function isMessage(body: unknown): body is StubMessage {
  return typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'message' && Array.isArray((body as { content?: unknown }).content);
}

/** A message as the Messages API streams it: message_start, each block's start, delta and stop, message_delta, message_stop. */
function sse(m: StubMessage): string {
  const events: [string, unknown][] = [];
  const { content, stop_reason, stop_sequence, usage, ...rest } = m;
  events.push(['message_start', { type: 'message_start', message: { ...rest, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 0 } } }]);
  content.forEach((block, index) => {
    const delta = (d: unknown): void => void events.push(['content_block_delta', { type: 'content_block_delta', index, delta: d }]);
    if (block.type === 'text') {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }]);
      delta({ type: 'text_delta', text: block.text });
    } else if (block.type === 'tool_use') {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } }]);
      delta({ type: 'input_json_delta', partial_json: JSON.stringify(block.input) });
    } else if (block.type === 'thinking') {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }]);
      delta({ type: 'thinking_delta', thinking: block.thinking });
      delta({ type: 'signature_delta', signature: block.signature });
    } else {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: block }]);
    }
    events.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  events.push(['message_delta', { type: 'message_delta', delta: { stop_reason, stop_sequence: stop_sequence ?? null }, usage }]);
  events.push(['message_stop', { type: 'message_stop' }]);
  return events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
}

let nextId = 0;

/** A Messages API reply body. */
export function message(content: unknown[], stopReason: string, usage = { input_tokens: 1200, output_tokens: 300 }): StubReply {
  return {
    body: {
      id: `msg_stub_${++nextId}`, type: 'message', role: 'assistant', model: 'claude-stub',
      content, stop_reason: stopReason, stop_sequence: null, usage,
    },
  };
}

/** A reply that calls one tool. */
export function toolCall(name: string, input: unknown, text = ''): StubReply {
  const content: unknown[] = text ? [{ type: 'text', text }] : [];
  content.push({ type: 'tool_use', id: `toolu_stub_${++nextId}`, name, input });
  return message(content, 'tool_use');
}

/** An API error reply. */
export function apiError(status: number, type: string, messageText: string, headers: Record<string, string> = {}): StubReply {
  return { status, headers, body: { type: 'error', error: { type, message: messageText } } };
}

/** The tool_result blocks of a request's last (user) message. */
export function toolResults(request: StubRequest): { tool_use_id: string; content: string; is_error?: boolean }[] {
  const last = request.body.messages[request.body.messages.length - 1];
  return (last.content as { type: string }[]).filter((b) => b.type === 'tool_result') as never;
}
