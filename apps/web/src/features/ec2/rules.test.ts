import { describe, expect, it } from 'vitest';
import { parsePortRange, permissionOf, rowErrors, rowsFromPermissions, rulesDiff, ruleTypeOf, sourceError, withRuleType, type RuleRow } from './rules.ts';

const ssh: RuleRow = { protocol: 'tcp', portRange: '22', source: '203.0.113.0/24', description: 'SSH' };

describe('rowsFromPermissions', () => {
  it('gives one row per source, with the port range as text', () => {
    expect(
      rowsFromPermissions([
        { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: [{ cidrIp: '203.0.113.0/24', description: 'SSH' }, { cidrIp: '198.51.100.0/24' }], groups: [{ groupId: 'sg-0123456789abcdef0' }] },
        { ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }] },
        { ipProtocol: 'tcp', fromPort: 1024, toPort: 65535, ipv6Ranges: [{ cidrIpv6: '::/0' }] },
      ]),
    ).toEqual([
      ssh,
      { protocol: 'tcp', portRange: '22', source: '198.51.100.0/24', description: '' },
      { protocol: 'tcp', portRange: '22', source: 'sg-0123456789abcdef0', description: '' },
      { protocol: '-1', portRange: 'All', source: '0.0.0.0/0', description: '' },
      { protocol: 'tcp', portRange: '1024-65535', source: '::/0', description: '' },
    ]);
  });
});

describe('rule types', () => {
  it('names well-known ports and falls back to Custom', () => {
    expect(ruleTypeOf(ssh)).toBe('SSH');
    expect(ruleTypeOf({ protocol: 'tcp', portRange: '8080' })).toBe('Custom TCP');
    expect(ruleTypeOf({ protocol: 'udp', portRange: '53' })).toBe('Custom UDP');
    expect(ruleTypeOf({ protocol: '-1', portRange: 'All' })).toBe('All traffic');
  });
  it('choosing a type sets protocol and port', () => {
    expect(withRuleType({ ...ssh, portRange: '' }, 'HTTPS')).toMatchObject({ protocol: 'tcp', portRange: '443', source: ssh.source });
    expect(withRuleType(ssh, 'All traffic')).toMatchObject({ protocol: '-1', portRange: 'All' });
    expect(withRuleType(ssh, 'Custom UDP')).toMatchObject({ protocol: 'udp', portRange: '' });
  });
});

describe('validation', () => {
  it.each([
    ['22', { from: 22, to: 22 }],
    ['1024-65535', { from: 1024, to: 65535 }],
    [' 80 - 81 ', { from: 80, to: 81 }],
  ])('port range %j', (text, expected) => expect(parsePortRange({ protocol: 'tcp', portRange: text })).toEqual(expected));
  it.each(['', 'ssh', '70000', '90-80'])('refuses port range %j', (text) => expect(parsePortRange({ protocol: 'tcp', portRange: text })).toHaveProperty('error'));
  it('ICMP and all traffic need no port', () => {
    expect(parsePortRange({ protocol: 'icmp', portRange: 'All' })).toEqual({ from: -1, to: -1 });
    expect(parsePortRange({ protocol: '-1', portRange: 'All' })).toEqual({});
  });
  it.each(['203.0.113.0/24', '0.0.0.0/0', '::/0', '2001:db8::/32', 'sg-0123456789abcdef0'])('accepts source %j', (s) => expect(sourceError(s)).toBeUndefined());
  it.each(['', '203.0.113.7', '300.1.1.1/8', '10.0.0.0/33', 'sg-xyz'])('refuses source %j', (s) => expect(sourceError(s)).toBeDefined());
  it('rowErrors names the fields in error', () => {
    expect(rowErrors(ssh)).toEqual({});
    expect(Object.keys(rowErrors({ ...ssh, portRange: 'x', source: 'y' }))).toEqual(['portRange', 'source']);
  });
});

describe('rulesDiff', () => {
  it('authorizes new rows and revokes removed ones', () => {
    const http: RuleRow = { protocol: 'tcp', portRange: '80', source: '0.0.0.0/0', description: '' };
    expect(rulesDiff([ssh], [ssh, http])).toEqual({ revoke: [], authorize: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
    expect(rulesDiff([ssh, http], [http])).toEqual({ revoke: [permissionOf(ssh)], authorize: [] });
    expect(rulesDiff([ssh], [ssh])).toEqual({ revoke: [], authorize: [] });
  });
  it('a changed source or port is revoked and authorized again', () => {
    const changed = { ...ssh, source: '198.51.100.0/24' };
    expect(rulesDiff([ssh], [changed])).toEqual({ revoke: [permissionOf(ssh)], authorize: [permissionOf(changed)] });
  });
  it('security group sources and IPv6 become Groups / Ipv6Ranges', () => {
    expect(permissionOf({ protocol: '-1', portRange: 'All', source: 'sg-0123456789abcdef0', description: 'peers' })).toEqual({ IpProtocol: '-1', Groups: [{ GroupId: 'sg-0123456789abcdef0', Description: 'peers' }] });
    expect(permissionOf({ protocol: 'tcp', portRange: '443', source: '::/0', description: '' })).toEqual({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] });
  });
});
