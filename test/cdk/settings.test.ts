import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../lib/settings';

describe('deployment settings from CDK context', () => {
  it('defaults to a dev stage in eu-west-2 sending from the example domain', () => {
    expect(parseSettings({})).toMatchObject({
      stage: 'dev',
      region: 'eu-west-2',
      emailDomain: 'example.com',
      prefix: 'cct-dev',
      appOrigin: undefined,
      cognitoEmailViaSes: false,
      logLevel: 'INFO',
    });
  });

  it('derives the app origin from a custom domain or an app URL', () => {
    expect(
      parseSettings({
        appDomain: 'beds.example.org',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x-1',
      }).appOrigin,
    ).toBe('https://beds.example.org');
    expect(parseSettings({ appUrl: 'https://d111111abcdef8.cloudfront.net/' }).appOrigin).toBe(
      'https://d111111abcdef8.cloudfront.net',
    );
  });

  it('reads booleans passed as -c key=true', () => {
    expect(parseSettings({ cognitoEmailViaSes: 'true' }).cognitoEmailViaSes).toBe(true);
  });

  it.each([
    [{ stage: 'Prod' }, /stage/],
    [{ stage: 'a-very-long-stage-name' }, /stage/],
    [{ region: 'london' }, /region/],
    [{ emailDomain: 'not a domain' }, /emailDomain/],
    [{ appDomain: 'beds.example.org' }, /certificateArn/],
    [{ certificateArn: 'arn:aws:acm:eu-west-2:123456789012:certificate/x' }, /certificateArn/],
    [{ appUrl: 'http://insecure.example.org' }, /appUrl/],
    [{ stage: 'prod' }, /appDomain/],
  ])('rejects %o naming the field', (context, field) => {
    expect(() => parseSettings(context)).toThrow(field);
  });
});
