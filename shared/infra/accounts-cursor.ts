import { InvalidCursorError } from '../app/accounts/ports';

/** Pagination cursors are DynamoDB's LastEvaluatedKey as base64url JSON; only string keys are accepted back. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidCursorError();
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string' || !/^(pk|sk|gsi[1-7](pk|sk))$/.test(k)) throw new InvalidCursorError();
    out[k] = v;
  }
  if (!out.pk || !out.sk) throw new InvalidCursorError();
  return out;
}
