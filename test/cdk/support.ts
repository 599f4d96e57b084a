import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type AppStacks, createStacks } from '../../lib/app';
import { repoFileExists, repoPath } from '../../lib/naming';
import { readSettings } from '../../lib/settings';
import { WIRING, type Wiring } from '../../lib/wiring';

/** The context `cdk synth` runs with (cdk.json), so tests build what the CLI builds. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(repoPath('cdk.json'), 'utf8'),
).context;

export interface BuildOptions {
  /** Extra context (`-c key=value`). */
  context?: Record<string, unknown>;
  wiring?: Wiring;
  /** Run esbuild for every function (slow); off by default, templates do not depend on it. */
  bundle?: boolean;
  /** Add cdk-nag as the CLI app does. */
  nag?: boolean;
}

export interface BuiltApp {
  app: App;
  stacks: AppStacks;
  outdir: string;
}

export function buildApp(options: BuildOptions = {}): BuiltApp {
  const outdir = mkdtempSync(join(tmpdir(), 'cct-cdk-'));
  const app = new App({
    outdir,
    context: {
      ...CDK_JSON_CONTEXT,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stacks = createStacks(app, readSettings(app.node), options.wiring ?? WIRING);
  return { app, stacks, outdir };
}

export function cleanup(built: BuiltApp): void {
  rmSync(built.outdir, { recursive: true, force: true });
}

export interface Violation {
  plugin: string;
  rule: string;
  severity: string;
  paths: string[];
}

/**
 * Synthesizes the app and returns every unacknowledged finding of every validation plugin
 * (cdk-nag and CDK's own template checks), errors and warnings alike, from the assembly's
 * validation report. Synthesis throws when a plugin reports an error; the report is written first.
 */
export function validationViolations(app: App): Violation[] {
  let thrown: unknown;
  let outdir = app.outdir;
  try {
    outdir = app.synth().directory;
  } catch (e) {
    thrown = e;
  }
  let report: { pluginReports: ReportPlugin[] };
  try {
    report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  } catch {
    if (thrown) throw thrown;
    return [];
  }
  return report.pluginReports.flatMap((p) =>
    p.violations.map((v) => ({
      plugin: p.pluginName,
      rule: v.ruleName,
      severity: v.severity,
      paths: v.violatingConstructs.map((c) => c.constructPath),
    })),
  );
}

interface ReportPlugin {
  pluginName: string;
  violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
}

/**
 * A wiring with one of everything definitions.ts may not have yet (a supplier-key route, an S3
 * trigger on each data bucket, a schedule), all served by handlers that exist, so the stacks'
 * code paths for them are synthesized and checked today.
 */
export function sampleWiring(): Wiring {
  const existing = Object.entries(WIRING.functions).find(([, d]) => repoFileExists(d.entry));
  if (!existing) throw new Error('No function entry in definitions.ts exists yet');
  const [fn, def] = existing as [keyof Wiring['functions'], Wiring['functions'][keyof Wiring['functions']]];
  return {
    ...WIRING,
    routes: [
      ...WIRING.routes,
      { method: 'PUT', path: '/api/sample/supplier/{locationId}', fn, auth: 'supplier-key' },
    ],
    authorizers: { ...WIRING.authorizers, 'supplier-key': { entry: def.entry, handler: def.handler } },
    triggers: [
      ...WIRING.triggers,
      { name: 'sample-upload', bucket: 'uploads', prefix: 'sample-bulk/', fn },
      { name: 'sample-data', bucket: 'data', prefix: 'sample-cqc/', fn },
    ],
    schedules: [
      ...WIRING.schedules,
      {
        name: 'sample-nightly',
        description: 'sample',
        cron: 'cron(0 19 * * ? *)',
        timezone: 'Europe/London',
        fn,
      },
    ],
  };
}
