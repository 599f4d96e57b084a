import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * CPU accounting for benchmarks on a shared machine. Wall-clock latency depends on whatever else the
 * machine runs; CPU time spent per request, by this process and by the DynamoDB Local JVM, much less
 * so — and with 2 cores it bounds the throughput any amount of concurrency can reach.
 */

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** The DynamoDB Local JVM listening on this port (started by local/engines/dynamodb.ts), if any. */
export function dynamoPid(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = cmd.indexOf('-port');
      if (cmd[0]?.endsWith('java') && at >= 0 && cmd[at + 1] === String(port)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

function processCpuMs(pid: number): number {
  try {
    // Fields after the command name: state is [0], utime [11], stime [12].
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

export interface CpuMeter {
  /** CPU ms spent since the meter started: this Node process (all threads) and the DynamoDB JVM. */
  read(): { nodeMs: number; dynamoMs: number; wallMs: number };
}

export function cpuMeter(dynamo: number | undefined): CpuMeter {
  const node0 = process.cpuUsage();
  const java0 = dynamo === undefined ? Number.NaN : processCpuMs(dynamo);
  const wall0 = performance.now();
  return {
    read() {
      const node = process.cpuUsage(node0);
      return {
        nodeMs: (node.user + node.system) / 1000,
        dynamoMs: dynamo === undefined ? Number.NaN : processCpuMs(dynamo) - java0,
        wallMs: performance.now() - wall0,
      };
    },
  };
}

/** "load 3.2 2.9 2.5": what else the machine was doing, printed with every figure. */
export function loadAverage(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`;
}

/**
 * One line: CPU per operation for the service process, for DynamoDB Local and for the clients (a
 * separate process, or a worker whose CPU is in `nodeMs` and is passed again as `clientMs` to take it
 * out), and the throughput those imply on this machine's cores if nothing else ran.
 */
export function cpuLine(
  used: { nodeMs: number; dynamoMs: number; wallMs: number },
  operations: number,
  client: { cpuMs: number; inNodeMs: boolean },
  cores: number,
): string {
  const clientBusyMs = client.cpuMs;
  const service = (used.nodeMs - (client.inNodeMs ? clientBusyMs : 0)) / operations;
  const engine = used.dynamoMs / operations;
  const clients = clientBusyMs / operations;
  const total = service + engine + clients;
  return `CPU per operation: service (Node) ${service.toFixed(2)} ms, DynamoDB Local ${engine.toFixed(2)} ms, clients ${clients.toFixed(2)} ms = ${total.toFixed(2)} ms; ${cores} cores => at most ${((cores * 1000) / total).toFixed(0)}/s if nothing else ran (${loadAverage()})`;
}
