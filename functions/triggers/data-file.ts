import { createDataFileHandler } from '../../shared/app/registry/jobs';
import { registryJobDeps } from '../../shared/infra/registry-container';

export const handler = createDataFileHandler(registryJobDeps);
