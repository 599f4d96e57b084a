import { startService } from './service';

/**
 * `npm run job -- <name>`: runs a scheduled job now. Uses the running service on PORT when there is
 * one (so it sees the same data); otherwise starts the stand-ins over the kept data, runs it, stops.
 */
const name = process.argv[2];
if (!name) {
  console.error('usage: npm run job -- <name>');
  process.exit(2);
}
const port = process.env.PORT ?? '3000';

async function main(jobName: string) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/dev/jobs/${encodeURIComponent(jobName)}`, {
      method: 'POST',
    });
    const body = (await res.json()) as unknown;
    console.log(JSON.stringify(body, null, 2));
    process.exit(res.ok ? 0 : 1);
  } catch {
    // nothing is listening: run it on our own stand-ins
  }
  const svc = await startService({ quiet: true, scheduler: false });
  try {
    const result = await svc.runJob(jobName);
    console.log(JSON.stringify({ job: jobName, result }, null, 2));
  } finally {
    await svc.stop();
  }
}

main(name).catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
