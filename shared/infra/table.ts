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
  {
    name: 'gsi1',
    partitionKey: 'gsi1pk',
    sortKey: 'gsi1sk',
    purpose: 'geo search: active homes by geohash cell',
  },
  {
    name: 'gsi2',
    partitionKey: 'gsi2pk',
    sortKey: 'gsi2sk',
    purpose: 'homes by local authority; users by email',
  },
  {
    name: 'gsi3',
    partitionKey: 'gsi3pk',
    sortKey: 'gsi3sk',
    purpose: 'homes by sub-ICB; members by organisation',
  },
  {
    name: 'gsi4',
    partitionKey: 'gsi4pk',
    sortKey: 'gsi4sk',
    purpose: 'homes by ICB; access requests by approver org',
  },
  {
    name: 'gsi5',
    partitionKey: 'gsi5pk',
    sortKey: 'gsi5sk',
    purpose: 'homes by region; entity listings (runs, users)',
  },
  { name: 'gsi6', partitionKey: 'gsi6pk', sortKey: 'gsi6sk', purpose: 'homes by provider' },
  { name: 'gsi7', partitionKey: 'gsi7pk', sortKey: 'gsi7sk', purpose: 'bed-state changes feed by day' },
];

/** Attribute holding an epoch-seconds expiry; DynamoDB TTL deletes the item after it. */
export const TTL_ATTRIBUTE = 'ttl';
