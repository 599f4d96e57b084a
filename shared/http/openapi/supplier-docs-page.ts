/**
 * A readable, self-contained HTML rendering of the supplier API's OpenAPI document: operations,
 * parameters, responses and schemas as tables. No scripts and nothing fetched (no CDN), so it
 * works offline and under a strict Content-Security-Policy. Styled after the NHS.UK frontend.
 */

type Json = Record<string, unknown>;

const esc = (value: unknown): string =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** Just enough Markdown for the document's descriptions: paragraphs, bullet lists and `code`. */
function markdown(text: unknown): string {
  if (typeof text !== 'string' || text === '') return '';
  const inline = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');
  const blocks = text.split(/\n\s*\n/);
  return blocks
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => l.startsWith('- '))) {
        return `<ul>${lines.map((l) => `<li>${inline(l.slice(2))}</li>`).join('')}</ul>`;
      }
      return `<p>${inline(block)}</p>`;
    })
    .join('\n');
}

const asObject = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});

function typeOf(schema: Json): string {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop() ?? '';
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map((s) => typeOf(asObject(s))).join(' or ');
  if (Array.isArray(schema.enum))
    return `one of ${schema.enum.map((v) => `<code>${esc(v)}</code>`).join(', ')}`;
  if (schema.type === 'array') return `list of ${typeOf(asObject(schema.items))}`;
  const bounds: string[] = [];
  if (schema.format) bounds.push(esc(schema.format));
  if (typeof schema.minimum === 'number' && schema.minimum > Number.MIN_SAFE_INTEGER)
    bounds.push(`&ge; ${esc(schema.minimum)}`);
  if (typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER)
    bounds.push(`&le; ${esc(schema.maximum)}`);
  if (schema.maxLength !== undefined) bounds.push(`at most ${esc(schema.maxLength)} characters`);
  const base = Array.isArray(schema.type) ? schema.type.map(esc).join(' or ') : esc(schema.type ?? 'any');
  return bounds.length ? `${base} (${bounds.join(', ')})` : base;
}

/** Fields as a description list: reads well at any width, unlike a four-column table at 320 px. */
function propertiesList(schema: Json): string {
  const properties = asObject(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const items = Object.entries(properties).map(([name, raw]) => {
    const property = asObject(raw);
    return `<dt><code>${esc(name)}</code> <span class="meta">${typeOf(property)}, ${required.has(name) ? 'required' : 'optional'}</span></dt><dd>${markdown(property.description) || '<p>&nbsp;</p>'}</dd>`;
  });
  if (items.length === 0) return `<p>${typeOf(schema)}</p>`;
  return `<dl>${items.join('')}</dl>`;
}

function operationSection(path: string, method: string, op: Json): string {
  const id = esc(op.operationId);
  const params = Array.isArray(op.parameters) ? op.parameters.map(asObject) : [];
  const security =
    Array.isArray(op.security) && op.security.length > 0 ? 'API key (x-api-key header)' : 'none';
  const paramItems = params
    .map(
      (p) =>
        `<dt><code>${esc(p.name)}</code> <span class="meta">${esc(p.in)}, ${typeOf(asObject(p.schema))}, ${p.required ? 'required' : 'optional'}</span></dt><dd>${markdown(p.description) || '<p>&nbsp;</p>'}</dd>`,
    )
    .join('');
  const body = asObject(asObject(asObject(op.requestBody).content)['application/json']).schema;
  const responses = Object.entries(asObject(op.responses))
    .map(([status, raw]) => {
      const response = asObject(raw);
      const content = asObject(response.content);
      const types = Object.entries(content)
        .map(([type, media]) => `<code>${esc(type)}</code>: ${typeOf(asObject(asObject(media).schema))}`)
        .join('<br>');
      return `<tr><th scope="row">${esc(status)}</th><td>${markdown(response.description)}</td><td>${types}</td></tr>`;
    })
    .join('');
  return `<section class="op" aria-labelledby="op-${id}">
<h3 id="op-${id}"><span class="method">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p class="summary">${esc(op.summary)}</p>
${markdown(op.description)}
<p>Operation id <code>${id}</code>. Authentication: ${security}.</p>
${paramItems ? `<h4>Parameters</h4><dl>${paramItems}</dl>` : ''}
${body ? `<h4>Request body</h4><p>JSON: ${typeOf(asObject(body))}</p>` : ''}
<h4>Responses</h4>
<table><thead><tr><th scope="col">Status</th><th scope="col">Meaning</th><th scope="col">Body</th></tr></thead><tbody>${responses}</tbody></table>
</section>`;
}

export function renderSupplierDocsPage(document: Json): string {
  const info = asObject(document.info);
  const operations: string[] = [];
  const toc: string[] = [];
  for (const [path, item] of Object.entries(asObject(document.paths))) {
    for (const [method, op] of Object.entries(asObject(item))) {
      const operation = asObject(op);
      operations.push(operationSection(path, method, operation));
      toc.push(
        `<li><a href="#op-${esc(operation.operationId)}">${esc(method.toUpperCase())} ${esc(path)}</a>: ${esc(operation.summary)}</li>`,
      );
    }
  }
  const schemas = Object.entries(asObject(asObject(document.components).schemas))
    .map(
      ([name, schema]) =>
        `<section aria-labelledby="schema-${esc(name)}"><h3 id="schema-${esc(name)}">${esc(name)}</h3>${markdown(asObject(schema).description)}${propertiesList(asObject(schema))}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} ${esc(info.version)}</title>
<style>
body{margin:0;font-family:Arial,Helvetica,sans-serif;color:#212b32;background:#f0f4f5;line-height:1.5}
a{color:#005eb8}a:visited{color:#330072}a:focus{outline:4px solid transparent;background:#ffeb3b;color:#212b32;box-shadow:0 -2px #ffeb3b,0 4px #212b32;text-decoration:none}
.skip{position:absolute;left:-9999px}.skip:focus{position:static}
header{background:#005eb8;color:#fff;padding:16px}header p{margin:0;font-weight:bold;font-size:1.2rem}
main{max-width:960px;margin:0 auto;padding:16px}
section.op,section[aria-labelledby^="schema-"]{background:#fff;padding:16px;margin:0 0 24px;border:1px solid #d8dde0}
.method{background:#212b32;color:#fff;padding:2px 8px;border-radius:4px;font-size:.9em}
code{font-family:Consolas,Menlo,monospace;background:#e8edee;padding:0 4px;word-break:break-word}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid #d8dde0;padding:8px;overflow-wrap:break-word}
@media (max-width:640px){th,td{padding:4px;font-size:.9rem;overflow-wrap:anywhere}}
thead th{border-bottom:2px solid #212b32}
dt{font-weight:bold;margin-top:12px;overflow-wrap:anywhere}dt .meta{font-weight:normal}dd{margin:0 0 0 16px}dd p{margin:4px 0}
</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header><p>Care Capacity Tracker</p></header>
<main id="main">
<h1>${esc(info.title)}</h1>
<p>Version ${esc(info.version)}. Machine-readable: <a href="openapi.json">OpenAPI 3.1 document (openapi.json)</a>.</p>
${markdown(info.description)}
<h2>Operations</h2>
<ul>${toc.join('')}</ul>
${operations.join('\n')}
<h2>Schemas</h2>
${schemas}
</main>
</body>
</html>
`;
}
