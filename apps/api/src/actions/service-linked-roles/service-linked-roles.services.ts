/**
 * The AWS services whose service-linked role CreateServiceLinkedRole can make: service principal →
 * role name suffix (the role is `AWSServiceRoleFor<suffix>`), the AWS managed policy AWS attaches,
 * whether the service accepts a CustomSuffix, and the description AWS gives the role.
 *
 * Sources: each service's "Using service-linked roles" page, linked from the IAM User Guide's
 * "AWS services that work with IAM" (the Service-linked role column), and the AWS Managed Policy
 * Reference, where each policy listed here is a "Service-linked role policy" at
 * `arn:aws:iam::aws:policy/aws-service-role/<name>`. Every policy name is in the seeded managed
 * policies (shared/data/aws-managed-policies.json); the seed does not record their path, so the
 * policy is found by name among AWS's own (accountId null), not by ARN.
 *
 * Only one role per service unless `customSuffix` is true: AWS then refuses a second create with
 * "Service role name … has been taken in this account, please try a different suffix.", and
 * refuses a CustomSuffix with "Custom suffix is not allowed for <principal>" (both InvalidInput,
 * as AWS returns them to Terraform's aws_iam_service_linked_role). Of the services here only
 * EC2 Auto Scaling documents custom suffixes (AWSServiceRoleForAutoScaling_<suffix>, for
 * customer managed KMS keys).
 */

export interface LinkedService {
  /** The part after `AWSServiceRoleFor`. */
  roleSuffix: string;
  /** The AWS managed service-linked role policy attached to the role. */
  policyName: string;
  /** Whether CreateServiceLinkedRole accepts CustomSuffix for this service. */
  customSuffix?: boolean;
  /** The description AWS gives the role when the request has none (absent: none). */
  description?: string;
}

export const LINKED_SERVICES: Readonly<Record<string, LinkedService>> = {
  'autoscaling.amazonaws.com': {
    roleSuffix: 'AutoScaling',
    policyName: 'AutoScalingServiceRolePolicy',
    customSuffix: true,
    description: 'Default Service-Linked Role enables access to AWS Services and Resources used or managed by Auto Scaling',
  },
  'elasticloadbalancing.amazonaws.com': {
    roleSuffix: 'ElasticLoadBalancing',
    policyName: 'AWSElasticLoadBalancingServiceRolePolicy',
    description: 'Allows ELB to call AWS services on your behalf.',
  },
  'ecs.amazonaws.com': { roleSuffix: 'ECS', policyName: 'AmazonECSServiceRolePolicy', description: 'Role to enable Amazon ECS to manage your cluster.' },
  'rds.amazonaws.com': { roleSuffix: 'RDS', policyName: 'AmazonRDSServiceRolePolicy', description: 'Allows Amazon RDS to manage AWS resources on your behalf' },
  'elasticache.amazonaws.com': { roleSuffix: 'ElastiCache', policyName: 'ElastiCacheServiceRolePolicy' },
  'spot.amazonaws.com': { roleSuffix: 'EC2Spot', policyName: 'AWSEC2SpotServiceRolePolicy', description: 'Default EC2 Spot Service Linked Role' },
  'spotfleet.amazonaws.com': { roleSuffix: 'EC2SpotFleet', policyName: 'AWSEC2SpotFleetServiceRolePolicy' },
  'organizations.amazonaws.com': {
    roleSuffix: 'Organizations',
    policyName: 'AWSOrganizationsServiceTrustPolicy',
    description: 'Service-linked role used by AWS Organizations to enable integration of other AWS services with Organizations.',
  },
  'support.amazonaws.com': {
    roleSuffix: 'Support',
    policyName: 'AWSSupportServiceRolePolicy',
    description: 'Enables resource access for AWS to provide billing, administrative and support services',
  },
  'trustedadvisor.amazonaws.com': {
    roleSuffix: 'TrustedAdvisor',
    policyName: 'AWSTrustedAdvisorServiceRolePolicy',
    description: 'Access for the AWS Trusted Advisor Service to help reduce cost, increase performance, and improve security of your AWS environment.',
  },
  'config.amazonaws.com': { roleSuffix: 'Config', policyName: 'AWSConfigServiceRolePolicy' },
  'guardduty.amazonaws.com': { roleSuffix: 'AmazonGuardDuty', policyName: 'AmazonGuardDutyServiceRolePolicy' },
  'securityhub.amazonaws.com': { roleSuffix: 'SecurityHub', policyName: 'AWSSecurityHubServiceRolePolicy' },
  'ssm.amazonaws.com': { roleSuffix: 'AmazonSSM', policyName: 'AmazonSSMServiceRolePolicy' },
  'eks.amazonaws.com': { roleSuffix: 'AmazonEKS', policyName: 'AmazonEKSServiceRolePolicy' },
  'eks-nodegroup.amazonaws.com': { roleSuffix: 'AmazonEKSNodegroup', policyName: 'AWSServiceRoleForAmazonEKSNodegroup' },
  'es.amazonaws.com': { roleSuffix: 'AmazonElasticsearchService', policyName: 'AmazonElasticsearchServiceRolePolicy' },
  'opensearchservice.amazonaws.com': { roleSuffix: 'AmazonOpenSearchService', policyName: 'AmazonOpenSearchServiceRolePolicy' },
  'cloudtrail.amazonaws.com': { roleSuffix: 'CloudTrail', policyName: 'CloudTrailServiceRolePolicy' },
  'backup.amazonaws.com': { roleSuffix: 'Backup', policyName: 'AWSBackupServiceLinkedRolePolicyForBackup' },
  // Application Auto Scaling: one role per scalable service, named with an underscore.
  'ecs.application-autoscaling.amazonaws.com': { roleSuffix: 'ApplicationAutoScaling_ECSService', policyName: 'AWSApplicationAutoscalingECSServicePolicy' },
  'dynamodb.application-autoscaling.amazonaws.com': { roleSuffix: 'ApplicationAutoScaling_DynamoDBTable', policyName: 'AWSApplicationAutoscalingDynamoDBTablePolicy' },
  'ec2.application-autoscaling.amazonaws.com': { roleSuffix: 'ApplicationAutoScaling_EC2SpotFleetRequest', policyName: 'AWSApplicationAutoscalingEC2SpotFleetRequestPolicy' },
  'rds.application-autoscaling.amazonaws.com': { roleSuffix: 'ApplicationAutoScaling_RDSCluster', policyName: 'AWSApplicationAutoscalingRDSClusterPolicy' },
};

/** The linked service of a principal (exact, case-sensitive as AWS's principals are), or undefined. */
export function linkedService(principal: string): LinkedService | undefined {
  return Object.prototype.hasOwnProperty.call(LINKED_SERVICES, principal) ? LINKED_SERVICES[principal] : undefined;
}

/** The role AWS creates: `AWSServiceRoleFor<suffix>`, plus `_<CustomSuffix>` when one is given. */
export function serviceLinkedRoleName(service: LinkedService, customSuffix?: string): string {
  return `AWSServiceRoleFor${service.roleSuffix}${customSuffix ? `_${customSuffix}` : ''}`;
}
