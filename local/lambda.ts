import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

/** Loads handler modules by the file paths in shared/wiring/definitions.ts and invokes them like Lambda does. */
type AnyHandler = (event: unknown, context: Context) => Promise<unknown>;

const cache = new Map<string, Promise<AnyHandler>>();

export function loadHandler(root: string, entry: string, exportName: string): Promise<AnyHandler> {
  const key = `${entry}#${exportName}`;
  let p = cache.get(key);
  if (!p) {
    p = import(pathToFileURL(resolve(root, entry)).href).then((mod: Record<string, unknown>) => {
      const fn = mod[exportName];
      if (typeof fn !== 'function') throw new Error(`${entry} does not export a handler named ${exportName}`);
      return fn as AnyHandler;
    });
    cache.set(key, p);
  }
  return p;
}

export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function invoke(
  root: string,
  def: { entry: string; handler: string; timeoutSeconds?: number },
  name: string,
  event: unknown,
): Promise<unknown> {
  const fn = await loadHandler(root, def.entry, def.handler);
  return fn(event, lambdaContext(name, (def.timeoutSeconds ?? 30) * 1000));
}
