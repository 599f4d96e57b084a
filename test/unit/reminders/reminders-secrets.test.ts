import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../shared/infra/config';
import { clearSecretCache, linkSigningSecret, secretValue } from '../../../shared/infra/secrets';

/** Secrets Manager is the outside world here: a fake fetcher counts the calls. */
class FakeSecrets {
  calls: string[] = [];
  constructor(private readonly value: string | (() => Promise<string>)) {}
  async send(command: GetSecretValueCommand) {
    this.calls.push(String(command.input.SecretId));
    const v = typeof this.value === 'string' ? this.value : await this.value();
    return { SecretString: v };
  }
}

const base = {
  LINK_SIGNING_SECRET: 'local-development-link-signing-secret',
  AWS_REGION: 'eu-west-2',
} as Config;

afterEach(() => clearSecretCache());

describe('link signing secret', () => {
  it('uses LINK_SIGNING_SECRET when no ARN is configured (local)', async () => {
    const fake = new FakeSecrets('never');
    expect(await linkSigningSecret(base, fake)).toBe('local-development-link-signing-secret');
    expect(fake.calls).toEqual([]);
  });

  it('fetches by ARN once and caches it', async () => {
    const fake = new FakeSecrets('k'.repeat(64));
    const config = {
      ...base,
      LINK_SIGNING_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:1:secret:x',
    } as Config;
    expect(await linkSigningSecret(config, fake)).toBe('k'.repeat(64));
    expect(await linkSigningSecret(config, fake)).toBe('k'.repeat(64));
    expect(fake.calls).toEqual(['arn:aws:secretsmanager:eu-west-2:1:secret:x']);
  });

  it('reads {"secret": ...} JSON and refuses a short key', async () => {
    const config = { ...base, LINK_SIGNING_SECRET_ARN: 'arn:json' } as Config;
    expect(await linkSigningSecret(config, new FakeSecrets(JSON.stringify({ secret: 's'.repeat(20) })))).toBe(
      's'.repeat(20),
    );
    clearSecretCache();
    await expect(linkSigningSecret(config, new FakeSecrets('short'))).rejects.toThrow(/shorter than 16/);
  });

  it('does not cache a failed fetch', async () => {
    let n = 0;
    const fake = new FakeSecrets(async () => {
      n += 1;
      if (n === 1) throw new Error('throttled');
      return 'v'.repeat(32);
    });
    await expect(secretValue('arn:flaky', { region: 'eu-west-2', fetcher: fake })).rejects.toThrow(
      'throttled',
    );
    expect(await secretValue('arn:flaky', { region: 'eu-west-2', fetcher: fake })).toBe('v'.repeat(32));
  });
});
