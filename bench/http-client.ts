/**
 * The bench clients' HTTP request, as source for the code they run in a worker or child process:
 * node:http over a keep-alive agent rather than fetch, because undici's fetch costs about 2 ms of CPU
 * per request, as much as the service it measures on this 2-core machine.
 *
 * request(agent, base, method, path, headers, body?) resolves to { status, headers, text }.
 */
export const HTTP_REQUEST_SOURCE = `
const http = require('node:http');
function request(agent, base, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path, method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
`;
