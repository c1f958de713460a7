/**
 * Model validation against AWS's real service models. Expected messages are AWS's own, as
 * reported by its users (the AssumeRole examples, STS's 'roleArn' answer to an empty ARN,
 * IAM's "The specified value for policyName is invalid…" from the aws CLI), not our output.
 */
import { describe, expect, it } from 'vitest';
import { serviceModel } from './service-model';
import { compiledPattern, validateAgainstModel } from './validate-input';

const ROLE = 'arn:aws:iam::123456789012:role/demo';

function message(service: string, operation: string, input: unknown): string | undefined {
  const error = validateAgainstModel(service, operation, input);
  if (error) {
    expect(error.code).toBe('ValidationError');
    expect(error.status).toBe(400);
  }
  return error?.message;
}

describe('validateAgainstModel: STS', () => {
  it('answers a session name outside the pattern with the issue’s exact message', () => {
    expect(message('sts', 'AssumeRole', { RoleArn: ROLE, RoleSessionName: 'Session1:2' })).toBe(
      "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });

  it('takes the session name’s maximum from the model (64, not 50)', () => {
    const shape = serviceModel('sts').shapes[serviceModel('sts').shapes.AssumeRoleRequest!.members!.RoleSessionName!.shape]!;
    expect(shape.max).toBe(64);
    const name = 's'.repeat(65);
    expect(message('sts', 'AssumeRole', { RoleArn: ROLE, RoleSessionName: name })).toBe(
      `1 validation error detected: Value '${name}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
    expect(message('sts', 'AssumeRole', { RoleArn: ROLE, RoleSessionName: 's'.repeat(64) })).toBeUndefined();
  });

  it('counts several errors, pattern before length as STS reports an empty role ARN', () => {
    expect(message('sts', 'AssumeRole', { RoleArn: '', RoleSessionName: 'ok' })).toBe(
      "2 validation errors detected: Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+; " +
        "Value '' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    );
  });

  it('checks integer ranges, from JSON numbers and from Query strings alike', () => {
    const low = "1 validation error detected: Value '20' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900";
    expect(message('sts', 'AssumeRole', { RoleArn: ROLE, RoleSessionName: 'ok', DurationSeconds: 20 })).toBe(low);
    expect(message('sts', 'AssumeRole', { RoleArn: ROLE, RoleSessionName: 'ok', DurationSeconds: '20' })).toBe(low);
    expect(message('sts', 'AssumeRole', { RoleArn: ROLE, RoleSessionName: 'ok', DurationSeconds: '43201' })).toBe(
      "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
    );
    expect(message('sts', 'AssumeRole', { RoleArn: ROLE, RoleSessionName: 'ok', DurationSeconds: '43200' })).toBeUndefined();
  });

  it('reports missing required members as null', () => {
    expect(message('sts', 'AssumeRole', { RoleArn: ROLE })).toBe(
      "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('accepts a valid request, and supplementary characters where the model allows \\u10000-\\u10FFFF', () => {
    expect(message('sts', 'AssumeRole', { RoleArn: ROLE, RoleSessionName: 'alice@example.com', DurationSeconds: '3600', Tags: [{ Key: 'team', Value: 'blue' }] })).toBeUndefined();
    expect(message('sts', 'AssumeRole', { RoleArn: `${ROLE}😀`, RoleSessionName: 'ok' })).toBeUndefined();
  });
});

describe('validateAgainstModel: IAM', () => {
  it('names nested tag members by AWS’s path (tags.N.member.key), without printing the value', () => {
    expect(message('iam', 'CreateUser', { UserName: 'bob', Tags: [{ Key: 'ok', Value: 'v' }, { Key: 'bad#key', Value: 'v' }] })).toBe(
      '1 validation error detected: Value at \'tags.2.member.key\' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
    );
    expect(message('iam', 'TagUser', { UserName: 'bob', Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] })).toBe(
      "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
    expect(message('iam', 'TagUser', { UserName: 'bob', Tags: [{ Key: 'a', Value: '1' }, { Value: 'v' }] })).toBe(
      "1 validation error detected: Value at 'tags.2.member.key' failed to satisfy constraint: Member must not be null",
    );
  });

  it('counts every error, length before pattern for one member', () => {
    expect(message('iam', 'TagUser', { UserName: 'bob', Tags: [{ Key: '', Value: 'v' }] })).toBe(
      "2 validation errors detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    );
  });

  it('checks list lengths', () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(message('iam', 'TagRole', { RoleName: 'r', Tags: tags })).toBe(
      "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
  });

  it('reports a list of strings once, with every constraint of its member', () => {
    expect(message('iam', 'UntagUser', { UserName: 'bob', TagKeys: ['fine', 'bad#'] })).toBe(
      "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, " +
        'Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member must not be null]',
    );
  });

  it('checks enums', () => {
    expect(message('iam', 'ListPolicies', { Scope: 'Everything' })).toBe(
      "1 validation error detected: Value at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
    );
    expect(message('iam', 'ListPolicies', { Scope: 'Local' })).toBeUndefined();
  });

  it('prints integer values (maxItems)', () => {
    expect(message('iam', 'ListUsers', { MaxItems: '0' })).toBe(
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('reports a missing required member as AWS does, without a value', () => {
    expect(message('iam', 'CreateUser', {})).toBe("1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must not be null");
  });

  it('answers a name outside its pattern with IAM’s own sentence, counted with any other error', () => {
    expect(message('iam', 'DeleteGroupPolicy', { GroupName: 'g', PolicyName: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' })).toBe(
      'The specified value for policyName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-',
    );
    expect(message('iam', 'CreateUser', { UserName: 'a b'.repeat(30) })).toBe(
      "2 validation errors detected: Value at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64; " +
        'The specified value for userName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-',
    );
    expect(message('iam', 'CreateUser', { UserName: 'bob', Path: 'no-slashes' })).toBe(
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
    );
  });

  it('ignores services and operations the model does not describe', () => {
    expect(validateAgainstModel('portcullis', 'CreateUser', {})).toBeUndefined();
    expect(validateAgainstModel('iam', 'NoSuchOperation', {})).toBeUndefined();
  });
});

describe('compiledPattern', () => {
  it('compiles every IAM and STS pattern, anchored to the whole value', () => {
    for (const service of ['iam', 'sts'] as const) {
      for (const shape of Object.values(serviceModel(service).shapes)) if (shape.pattern) expect(() => compiledPattern(shape.pattern!)).not.toThrow();
    }
    expect(compiledPattern('[\\w+=,.@-]+').test('ok')).toBe(true);
    expect(compiledPattern('[\\w+=,.@-]+').test('ok:no')).toBe(false);
    expect(compiledPattern('[\\w+=,.@\\:-]*').test('a:b')).toBe(true);
  });

  it('matches long hostile input in linear time', () => {
    const start = performance.now();
    for (const service of ['iam', 'sts'] as const) {
      for (const shape of Object.values(serviceModel(service).shapes)) if (shape.pattern) compiledPattern(shape.pattern).test(`/${'a/'.repeat(50_000)}!`);
    }
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('validateAgainstModel: requireMembers', () => {
  it('leaves missing members to the action’s schema when told to (the console’s root MFA calls), checking the rest', () => {
    expect(validateAgainstModel('iam', 'EnableMFADevice', { SerialNumber: 'arn:aws:iam::123456789012:mfa/root', AuthenticationCode1: '123456', AuthenticationCode2: '654321' }, { requireMembers: false })).toBeUndefined();
    expect(message('iam', 'EnableMFADevice', { SerialNumber: 'arn:aws:iam::123456789012:mfa/root', AuthenticationCode1: '123456', AuthenticationCode2: '654321' })).toBe(
      "1 validation error detected: Value at 'userName' failed to satisfy constraint: Member must not be null",
    );
    expect(validateAgainstModel('iam', 'EnableMFADevice', { SerialNumber: 'short', AuthenticationCode1: '123456', AuthenticationCode2: '654321' }, { requireMembers: false })?.message).toBe(
      "1 validation error detected: Value at 'serialNumber' failed to satisfy constraint: Member must have length greater than or equal to 9",
    );
  });
});
