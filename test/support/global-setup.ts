import type { TestProject } from 'vitest/node';
import { startDynamo } from '../../local/engines/dynamodb';

/**
 * One DynamoDB Local for the whole test run (Java starts in ~4 s); every test isolates itself by
 * table name. S3 and Cognito emulators are light and start inside each test file's process, because
 * S3 notifications must reach handlers in the same process.
 */
export default async function setup(project: TestProject) {
  const { createServer } = await import('node:net');
  const port = await new Promise<number>((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const p = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(p));
    });
  });
  const [dynamo] = await Promise.all([
    startDynamo({ port, heapMb: 1024 }),
    // Browser tests serve the built frontend; build it once so parallel test files never race on web/dist.
    import('vite').then(({ build }) =>
      build({
        configFile: new URL('../../web/vite.config.ts', import.meta.url).pathname,
        logLevel: 'warn',
        // Never empty web/dist first: another test run or `npm start` may be serving it right now.
        build: { emptyOutDir: false },
      }),
    ),
  ]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('webBuilt', true);
  return async () => {
    await dynamo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    webBuilt: boolean;
  }
}
