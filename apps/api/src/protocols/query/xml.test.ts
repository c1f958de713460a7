/**
 * The Query protocol's replies for IAM and STS, derived from AWS's models: every operation with
 * an output answers inside its resultWrapper (empty or not), operations without one answer
 * ResponseMetadata alone, and a result carries exactly its output shape's members, in order.
 */
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { serviceModel } from '../model/service-model';
import { successXml } from './xml';

const REQUEST_ID = '11111111-2222-3333-4444-555555555555';
/** Elements in document order: [{ Name: [children…] }, …], text as { '#text': … }. */
const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false, trimValues: false, parseTagValue: false });
const plain = new XMLParser({ ignoreAttributes: true, trimValues: false, parseTagValue: false, isArray: (name) => name === 'member' || name === 'entry' });

type Ordered = Record<string, unknown>[];
const names = (nodes: Ordered) => nodes.flatMap((n) => Object.keys(n).filter((k) => k !== ':@' && k !== '#text'));
const children = (nodes: Ordered, name: string) => (nodes.find((n) => name in n)?.[name] ?? []) as Ordered;

function reply(service: string, action: string, output: unknown) {
  const xml = successXml(service, action, output, REQUEST_ID);
  const response = children(ordered.parse(xml) as Ordered, `${action}Response`);
  const parsed = (plain.parse(xml) as Record<string, Record<string, unknown> | undefined>)[`${action}Response`];
  if (!parsed) throw new Error(`no ${action}Response in ${xml}`);
  return { xml, response, plain: parsed };
}

describe.each(['iam', 'sts'] as const)('%s replies for every operation of the model', (service) => {
  const operations = Object.values(serviceModel(service).operations);

  it.each(operations.filter((op) => op.output).map((op) => [op.name, op.output!.resultWrapper!]))('%s: an empty result is still wrapped in %s', (name, wrapper) => {
    const { xml, response } = reply(service, name, {});
    expect(wrapper).toBe(`${name}Result`);
    expect(xml).toContain(`<${name}Response xmlns="${serviceModel(service).metadata.xmlNamespace as string}">`);
    expect(names(response)).toEqual([wrapper, 'ResponseMetadata']);
    expect(children(children(response, 'ResponseMetadata'), 'RequestId')).toEqual([{ '#text': REQUEST_ID }]);
  });

  const withoutOutput = operations.filter((op) => !op.output).map((op) => op.name);
  it.runIf(withoutOutput.length)('operations without an output answer ResponseMetadata alone', () => {
    for (const name of withoutOutput) expect(names(reply(service, name, { Ignored: 'x' }).response), name).toEqual(['ResponseMetadata']);
  });
});

describe('IAM results from the output shape', () => {
  const created = new Date('2012-05-08T23:34:01.123Z');

  it('keeps only declared members, in the model order, whatever order the handler used', () => {
    const role = { Tags: [{ Key: 'k', Value: 'v' }], CreateDate: created, Arn: 'arn:aws:iam::123456789012:role/r', RoleId: 'AROAEXAMPLE', RoleName: 'r', Path: '/', AssumeRolePolicyDocument: '{}', Bogus: 'dropped' };
    const { response, plain } = reply('iam', 'CreateRole', { Role: role, Extra: 'dropped' });
    const result = children(response, 'CreateRoleResult');
    expect(names(result)).toEqual(['Role']);
    expect(names(children(result, 'Role'))).toEqual(['Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'Tags']);
    expect(plain.CreateRoleResult).toMatchObject({ Role: { CreateDate: '2012-05-08T23:34:01Z', Tags: { member: [{ Key: 'k', Value: 'v' }] } } });
  });

  it('writes timestamps to the second, booleans lower-case, integers, and IsTruncated even when the handler left it out', () => {
    const { plain } = reply('iam', 'ListUsers', { Users: [{ Path: '/', UserName: 'u', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::123456789012:user/u', CreateDate: created.toISOString() }] });
    expect(plain.ListUsersResult).toEqual({ Users: { member: [{ Path: '/', UserName: 'u', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::123456789012:user/u', CreateDate: '2012-05-08T23:34:01Z' }] }, IsTruncated: 'false' });
    const policy = reply('iam', 'GetAccountPasswordPolicy', { PasswordPolicy: { MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: false } }).plain;
    expect(policy.GetAccountPasswordPolicyResult).toEqual({ PasswordPolicy: { MinimumPasswordLength: '12', RequireSymbols: 'true', RequireNumbers: 'false' } });
  });

  it('writes an empty list as an empty element and a required list the handler left out as empty', () => {
    const { xml } = reply('iam', 'ListUserTags', { Tags: [] });
    expect(xml).toMatch(/<ListUserTagsResult><Tags><\/Tags><IsTruncated>false<\/IsTruncated><\/ListUserTagsResult>/);
    expect(reply('iam', 'ListGroups', {}).xml).toMatch(/<ListGroupsResult><Groups><\/Groups><IsTruncated>false<\/IsTruncated><\/ListGroupsResult>/);
  });

  it('writes maps as entry/key/value (GetAccountSummary SummaryMap)', () => {
    const { plain } = reply('iam', 'GetAccountSummary', { SummaryMap: { Users: 2, UsersQuota: 5000 } });
    expect(plain.GetAccountSummaryResult).toEqual({ SummaryMap: { entry: [{ key: 'Users', value: '2' }, { key: 'UsersQuota', value: '5000' }] } });
  });

  it('URL-encodes policy documents, escapes text and keeps trailing newlines', () => {
    const document = '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
    const { plain } = reply('iam', 'GetRolePolicy', { RoleName: 'r', PolicyName: 'p', PolicyDocument: document });
    expect(plain.GetRolePolicyResult).toEqual({ RoleName: 'r', PolicyName: 'p', PolicyDocument: encodeURIComponent(document) });
    const body = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const cert = reply('iam', 'UploadSigningCertificate', { Certificate: { UserName: 'u', CertificateId: 'C', CertificateBody: body, Status: 'Active', UploadDate: created } });
    expect((cert.plain.UploadSigningCertificateResult as { Certificate: { CertificateBody: string } }).Certificate.CertificateBody).toBe(body);
    const described = reply('iam', 'UpdateRoleDescription', { Role: { RoleName: 'r', Description: 'a <b> & "c"' } });
    expect(described.xml).toContain('<Description>a &lt;b&gt; &amp; &quot;c&quot;</Description>');
  });

  it('drops members the operation does not send, whatever the handler returned', () => {
    expect(reply('iam', 'UpdateRole', { Role: { RoleName: 'r' } }).xml).toMatch(/<UpdateRoleResult><\/UpdateRoleResult><ResponseMetadata>/);
    const assumed = reply('sts', 'GetCallerIdentity', { UserId: 'AIDA', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/u', Session: 'x' });
    expect(assumed.plain.GetCallerIdentityResult).toEqual({ UserId: 'AIDA', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/u' });
  });
});

describe('outputs outside the models', () => {
  it('keeps the generic serialisation for Portcullis actions and EC2', () => {
    expect(reply('portcullis', 'ListAuditEvents', { Events: [{ Action: 'iam:GetUser' }] }).plain.ListAuditEventsResult).toEqual({ Events: { member: [{ Action: 'iam:GetUser' }] } });
    expect(successXml('ec2', 'DescribeImages', { ImagesSet: [{ ImageId: 'ami-1' }] }, REQUEST_ID)).toContain('<requestId>11111111-2222-3333-4444-555555555555</requestId><imagesSet><item><imageId>ami-1</imageId></item></imagesSet>');
  });
});
