import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * bench:start — time from `npm start -- --in-memory` to ready, and the resident memory of the whole
 * local stack (the node process and every descendant, e.g. DynamoDB Local's JVM) once ready.
 * Targets: ready <= 20 s, <= 1.5 GB.
 */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function main() {
  const home = mkdtempSync(join(tmpdir(), 'cct-bench-start-'));
  const started = Date.now();
  const child = spawn('npx', ['tsx', 'local/start.ts', '--in-memory'], {
    env: { ...process.env, PORT: '0', DYNAMODB_PORT: '0', S3_PORT: '0', COGNITO_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let out = '';
  const ready = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 60 s:\n${out}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/READY http/.test(out)) {
        clearTimeout(timer);
        resolve(Date.now() - started);
      }
    });
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
  // let the JVM settle after the seed
  await new Promise((r) => setTimeout(r, 1500));
  const pids = [child.pid ?? 0, ...descendants(child.pid ?? 0)];
  const totalKb = pids.reduce((s, p) => s + rssKb(p), 0);
  const stopAt = Date.now();
  process.kill(-(child.pid ?? 0), 'SIGINT');
  await new Promise((r) => child.once('exit', r));
  const stopMs = Date.now() - stopAt;
  const orphans = pids.filter((p) => rssKb(p) > 0);
  rmSync(home, { recursive: true, force: true });
  console.log(`ready in          ${(ready / 1000).toFixed(1)} s   (target <= 20 s)`);
  console.log(
    `resident memory   ${(totalKb / 1024).toFixed(0)} MB over ${pids.length} processes   (target <= 1536 MB)`,
  );
  console.log(`stopped in        ${(stopMs / 1000).toFixed(1)} s, orphan processes: ${orphans.length}`);
  if (ready > 20_000 || totalKb > 1536 * 1024 || orphans.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
