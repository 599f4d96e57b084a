import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutboxMessage {
  messageId: string;
  sentAt: string;
  from: string;
  to: string;
  kind: string;
  subject: string;
  text: string;
  html: string;
  [k: string]: unknown;
}

/** Messages newest first. */
export async function readOutbox(dir: string): Promise<OutboxMessage[]> {
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse();
  const out: OutboxMessage[] = [];
  for (const f of files) out.push(JSON.parse(await readFile(join(dir, f), 'utf8')) as OutboxMessage);
  return out;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function outboxPage(messages: OutboxMessage[]): string {
  const rows = messages
    .map(
      (m) => `<article class="msg">
  <h2>${esc(m.subject)}</h2>
  <p><strong>To:</strong> ${esc(m.to)} · <strong>Sent:</strong> ${esc(m.sentAt)} · <strong>Kind:</strong> ${esc(m.kind)}</p>
  <details><summary>Plain text</summary><pre>${esc(m.text)}</pre></details>
  <details open><summary>HTML</summary><iframe title="${esc(m.subject)}" sandbox srcdoc="${esc(m.html)}"></iframe></details>
</article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Email outbox (local) – Care Capacity Tracker</title>
<style>body{font-family:Arial,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem;color:#212b32}.msg{border-bottom:1px solid #d8dde0;padding:.5rem 0}iframe{width:100%;height:22rem;border:1px solid #d8dde0}pre{white-space:pre-wrap}</style>
</head><body><main><h1>Email outbox (local only)</h1><p>${messages.length} message(s). JSON at <a href="/dev/outbox.json">/dev/outbox.json</a>.</p>${rows}</main></body></html>`;
}
