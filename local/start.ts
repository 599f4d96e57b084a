import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startService } from './service';

/** `npm start`: the whole service on embedded stand-ins, until Ctrl-C. */
const started = Date.now();
const inMemory = process.argv.includes('--in-memory');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function buildWebIfStale(): Promise<void> {
  const index = join(ROOT, 'web', 'dist', 'index.html');
  const src = join(ROOT, 'web', 'src');
  if (existsSync(index) && existsSync(src) && statSync(index).mtimeMs >= newestMtime(src)) return;
  if (!existsSync(join(ROOT, 'web', 'vite.config.ts'))) return;
  console.log('building the web frontend…');
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
}

async function main() {
  await buildWebIfStale().catch((e: Error) => {
    // The API and engines are still useful while the frontend does not build; say so loudly.
    console.error(`\nThe web frontend failed to build, serving the API only:\n${e.message}\n`);
  });
  const svc = await startService({ inMemory });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await svc.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
Care Capacity Tracker is running at ${svc.url}  (ready in ${seconds} s${inMemory ? ', in memory' : `, data in ${svc.dataDir}`})
  email outbox: ${svc.url}/dev/outbox
  DynamoDB Local :${svc.ports.dynamo}  S3 emulator :${svc.ports.s3}  Cognito emulator :${svc.ports.cognito}

Demo sign-ins (password for all: ${svc.demoUsers[0]?.password ?? '-'}):
${svc.demoUsers.map((u) => `  ${u.role.padEnd(18)} ${u.email.padEnd(30)} ${u.organisation.name}`).join('\n')}

READY ${svc.url}
Press Ctrl-C to stop.`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
