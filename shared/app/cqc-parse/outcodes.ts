import { readFile } from 'node:fs/promises';
import { type OutcodeCentroidParseResult, parseOutcodeCentroids } from '../../domain/geo/outcodes';

/** Read and parse an outcode centroid CSV such as shared/data/geo/outcode-centroids.csv. */
export async function loadOutcodeCentroids(path: string): Promise<OutcodeCentroidParseResult> {
  return parseOutcodeCentroids(await readFile(path, 'utf8'));
}
