/**
 * Descriptions of the most used AWS managed policies, as AWS's console and the AWS Managed
 * Policy Reference show them (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/).
 * The seed file records no descriptions; policies not listed here have none (the console leaves
 * the cell blank), as a customer policy created without one.
 */
export const awsManagedPolicyDescriptions: Readonly<Record<string, string>> = {
  AdministratorAccess: 'Provides full access to AWS services and resources.',
  PowerUserAccess: 'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
  ReadOnlyAccess: 'Provides read-only access to AWS services and resources.',
  ViewOnlyAccess: 'This policy grants permissions to view resources and basic metadata across all AWS services.',
  SecurityAudit:
    'The security audit template grants access to read security configuration metadata. It is useful for software that audits the configuration of an AWS account.',
  IAMFullAccess: 'Provides full access to IAM via the AWS Management Console.',
  IAMReadOnlyAccess: 'Provides read only access to IAM via the AWS Management Console.',
  IAMUserChangePassword: 'Provides the ability for an IAM user to change their own password.',
  IAMUserSSHKeys: 'Provides the ability for an IAM user to manage their own SSH keys.',
  IAMSelfManageServiceSpecificCredentials: 'Allows an IAM user to manage their own Service Specific Credentials',
  AmazonS3FullAccess: 'Provides full access to all buckets via the AWS Management Console.',
  AmazonS3ReadOnlyAccess: 'Provides read only access to all buckets via the AWS Management Console.',
  AmazonEC2FullAccess: 'Provides full access to Amazon EC2 via the AWS Management Console.',
  AmazonEC2ReadOnlyAccess: 'Provides read only access to Amazon EC2 via the AWS Management Console.',
  AmazonVPCFullAccess: 'Provides full access to Amazon VPC via the AWS Management Console.',
  AmazonVPCReadOnlyAccess: 'Provides read only access to Amazon VPC via the AWS Management Console.',
  AmazonDynamoDBFullAccess: 'Provides full access to Amazon DynamoDB via the AWS Management Console.',
  AmazonDynamoDBReadOnlyAccess: 'Provides read only access to Amazon DynamoDB via the AWS Management Console.',
  AmazonRDSFullAccess: 'Provides full access to Amazon RDS via the AWS Management Console.',
  AmazonRDSReadOnlyAccess: 'Provides read only access to Amazon RDS via the AWS Management Console.',
  AmazonSQSFullAccess: 'Provides full access to Amazon SQS via the AWS Management Console.',
  AmazonSQSReadOnlyAccess: 'Provides read only access to Amazon SQS via the AWS Management Console.',
  AmazonSNSFullAccess: 'Provides full access to Amazon SNS via the AWS Management Console.',
  AmazonSNSReadOnlyAccess: 'Provides read only access to Amazon SNS via the AWS Management Console.',
  CloudWatchFullAccess: 'Provides full access to CloudWatch.',
  CloudWatchReadOnlyAccess: 'Provides read only access to CloudWatch.',
  AWSLambdaBasicExecutionRole: 'Provides write permissions to CloudWatch Logs.',
  AmazonEC2ContainerRegistryReadOnly: 'Provides read-only access to Amazon EC2 Container Registry repositories.',
  AWSResourceAccessManagerFullAccess: 'Provides full access to AWS Resource Access Manager',
  AWSAccountManagementFullAccess: 'Provides full access to AWS Account Management.',
};
