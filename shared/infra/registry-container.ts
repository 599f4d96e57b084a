import type { RegistryJobDeps } from '../app/registry/jobs';
import type { RegistryDeps } from '../app/registry/runs';
import { awsClients } from './aws';
import { DynamoGeoRepository } from './geo-repository';
import { DynamoHomesRepository } from './homes-repository';
import { cqcApiFromEnvironment } from './registry-cqc-api';
import { DynamoRegistryRunRepository } from './registry-runs-repository';
import { MAX_DATA_FILE_BYTES, S3DataFiles } from './registry-s3';

/** Registry repositories over the configured table; built when a handler runs, not at import. */
export function registryDeps(): RegistryDeps {
  const { ddb, config } = awsClients();
  return {
    homes: new DynamoHomesRepository(ddb, config.TABLE_NAME),
    geo: new DynamoGeoRepository(ddb, config.TABLE_NAME),
    runs: new DynamoRegistryRunRepository(ddb, config.TABLE_NAME),
  };
}

export function registryJobDeps(): RegistryJobDeps {
  const { s3, config } = awsClients();
  return {
    ...registryDeps(),
    files: new S3DataFiles(s3, config.DATA_BUCKET),
    cqcApi: () => cqcApiFromEnvironment(),
    maxFileBytes: MAX_DATA_FILE_BYTES,
  };
}
