/**
 * The single DynamoDB table: generic key attributes that every entity maps onto (electrodb style).
 * The CDK data stack, the local runtime and the tests all create the table from this definition.
 * docs/data-model.md lists which entity uses which key and index for every access pattern.
 */

export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

export interface IndexDef {
  name: string;
  partitionKey: string;
  sortKey: string;
  purpose: string;
}

export const TABLE_INDEXES: IndexDef[] = [
  { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', purpose: 'geo search: homes by geohash cell' },
  { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', purpose: 'homes by local authority; users by email' },
  { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', purpose: 'homes by sub-ICB; memberships by organisation' },
  { name: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', purpose: 'homes by ICB / region; changes feed by day' },
  { name: 'gsi5', partitionKey: 'gsi5pk', sortKey: 'gsi5sk', purpose: 'homes by provider; freshness (not updating) by area' },
];

/** Attribute holding an epoch-seconds expiry; DynamoDB TTL deletes the item after it. */
export const TTL_ATTRIBUTE = 'ttl';
