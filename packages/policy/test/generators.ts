/** Value pools shared by the differential and property tests. */
export const ACCOUNT = '111111111111';
export const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'ec2:RunInstances', 'ec2:DescribeInstances', 'iam:CreateUser', 'iam:PassRole', 'sqs:SendMessage'];
export const ACTION_PATTERNS = [...ACTIONS, 's3:*', 's3:Get*', 's3:*Object', 'ec2:*Instances', 'ec2:Describe?nstances', '*', 'iam:*', 'S3:GETOBJECT', 'sqs:Send*'];
export const RESOURCES = [
  'arn:aws:s3:::bucket/home/alice/file.txt',
  'arn:aws:s3:::bucket/home/bob/file.txt',
  'arn:aws:s3:::bucket/public/x',
  'arn:aws:s3:::bucket',
  `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-123`,
  `arn:aws:iam::${ACCOUNT}:user/alice`,
  `arn:aws:iam::${ACCOUNT}:role/app`,
  `arn:aws:sqs:us-east-1:${ACCOUNT}:queue1`,
];
export const RESOURCE_PATTERNS = [
  '*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/home/${aws:username}/*', 'arn:aws:s3:::bucket', 'arn:aws:s3:::*',
  `arn:aws:ec2:*:${ACCOUNT}:instance/*`, 'arn:aws:ec2:*:*:*', `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`, `arn:aws:iam::${ACCOUNT}:role/*`,
  'arn:aws:sqs:us-east-1:*:queue?', 'arn:aws:s3:::bucket/public/*', 'arn:aws:s3:::bucket/home/*/file.txt',
];

export type Cond = [op: string, key: string, values: string[]];
export const CONDITIONS: Cond[] = [
  ['StringEquals', 'aws:username', ['alice']],
  ['StringEquals', 'aws:username', ['bob', 'alice']],
  ['StringNotEquals', 'aws:username', ['alice']],
  ['StringEqualsIgnoreCase', 'aws:username', ['ALICE']],
  ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', ['RED']],
  ['StringLike', 'aws:PrincipalTag/team', ['r*']],
  ['StringNotLike', 'aws:PrincipalTag/team', ['b?ue']],
  ['StringEquals', 'aws:PrincipalTag/team', ['${aws:username}']],
  ['StringLike', 'aws:username', ['${aws:PrincipalTag/team}*']],
  ['StringEqualsIfExists', 'aws:PrincipalTag/team', ['red']],
  ['StringNotEqualsIfExists', 'aws:PrincipalTag/team', ['red']],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', ['3600']],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['100']],
  ['NumericEquals', 'aws:MultiFactorAuthAge', ['60']],
  ['NumericNotEquals', 'aws:MultiFactorAuthAge', ['60']],
  ['NumericLessThanEqualsIfExists', 'aws:MultiFactorAuthAge', ['60']],
  ['DateLessThan', 'aws:CurrentTime', ['2026-06-01T00:00:00Z']],
  ['DateGreaterThan', 'aws:CurrentTime', ['2025-01-01T00:00:00Z']],
  ['DateEquals', 'aws:CurrentTime', ['2026-01-01T00:00:00Z']],
  ['DateNotEquals', 'aws:CurrentTime', ['2026-01-01T00:00:00Z']],
  ['DateLessThan', 'aws:CurrentTime', ['1780000000']],
  ['DateGreaterThan', 'aws:EpochTime', ['2025-01-01T00:00:00Z']],
  ['Bool', 'aws:SecureTransport', ['true']],
  ['Bool', 'aws:MultiFactorAuthPresent', ['false']],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', ['false']],
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8']],
  ['IpAddress', 'aws:SourceIp', ['192.0.2.0/24', '2001:db8::/32']],
  ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8']],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.9']],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:sns:*:111111111111:*']],
  ['ArnEquals', 'aws:SourceArn', ['arn:aws:sns:us-east-1:111111111111:topic']],
  ['ArnNotLike', 'aws:SourceArn', ['arn:aws:sns:*:*:topic']],
  ['ArnNotEquals', 'aws:SourceArn', ['arn:aws:sqs:us-east-1:111111111111:q']],
  ['Null', 'aws:MultiFactorAuthAge', ['true']],
  ['Null', 'aws:PrincipalTag/team', ['false']],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b']],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a']],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret']],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['a']],
  ['ForAllValues:StringLike', 'aws:TagKeys', ['a*']],
  ['ForAnyValue:StringLike', 'aws:TagKeys', ['?']],
];


/** Resources each action accepts (iam-simulate's validated mode rejects other pairings). */
export const VALID_RESOURCES: Record<string, string[]> = {
  's3:GetObject': ['arn:aws:s3:::bucket/home/alice/file.txt', 'arn:aws:s3:::bucket/home/bob/file.txt', 'arn:aws:s3:::bucket/public/x'],
  's3:PutObject': ['arn:aws:s3:::bucket/home/alice/file.txt', 'arn:aws:s3:::bucket/public/x'],
  's3:ListBucket': ['arn:aws:s3:::bucket'],
  'ec2:RunInstances': [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-123`],
  'ec2:DescribeInstances': ['*'],
  'iam:CreateUser': [`arn:aws:iam::${ACCOUNT}:user/alice`],
  'iam:PassRole': [`arn:aws:iam::${ACCOUNT}:role/app`],
  'sqs:SendMessage': [`arn:aws:sqs:us-east-1:${ACCOUNT}:queue1`],
};
