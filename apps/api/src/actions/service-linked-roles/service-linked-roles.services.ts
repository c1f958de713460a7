/**
 * The AWS services whose service-linked role CreateServiceLinkedRole can make: service principal →
 * role name suffix (the role is `AWSServiceRoleFor<suffix>`), the AWS managed policy AWS attaches,
 * whether the service accepts a CustomSuffix, and the description AWS gives the role.
 *
 * Sources: each service's "Using service-linked roles" page, linked from the IAM User Guide's
 * "AWS services that work with IAM" (the Service-linked role column), and the AWS Managed Policy
 * Reference, where each policy listed here is a "Service-linked role policy" at
 * `arn:aws:iam::aws:policy/aws-service-role/<name>` — the ARN the role's policy is attached by
 * (a test checks that every one is seeded there). Where AWS's own managed policies name a
 * service-linked role (`role/aws-service-role/<principal>/AWSServiceRoleFor<X>` in their
 * documents), the principal and role name here agree with them.
 *
 * Only one role per service unless `customSuffix` is true: AWS then refuses a second create with
 * "Service role name … has been taken in this account, please try a different suffix.", and
 * refuses a CustomSuffix with "Custom suffix is not allowed for <principal>" (both InvalidInput,
 * as AWS returns them to Terraform's aws_iam_service_linked_role). The services whose
 * documentation describes suffixed roles accept one: EC2 Auto Scaling
 * (AWSServiceRoleForAutoScaling_<suffix>, for customer managed KMS keys), Amazon Lex V2 (one
 * AWSServiceRoleForLexV2Bots_<suffix> per bot), Amazon Connect (AWSServiceRoleForAmazonConnect_<suffix>
 * per instance) and Amazon Connect Customer Profiles (AWSServiceRoleForProfile_<suffix> per domain).
 */

export interface LinkedService {
  /** The part after `AWSServiceRoleFor`. */
  roleSuffix: string;
  /** The AWS managed service-linked role policy attached to the role (at /aws-service-role/). */
  policyName: string;
  /** Whether CreateServiceLinkedRole accepts CustomSuffix for this service. */
  customSuffix?: boolean;
  /** The description AWS gives the role when the request has none (absent: none). */
  description?: string;
}

/** A table row: role name suffix, policy name, and the rest when there is any. */
const slr = (roleSuffix: string, policyName: string, more: Omit<LinkedService, 'roleSuffix' | 'policyName'> = {}): LinkedService => ({ roleSuffix, policyName, ...more });

export const LINKED_SERVICES: Readonly<Record<string, LinkedService>> = {
  'autoscaling.amazonaws.com': slr('AutoScaling', 'AutoScalingServiceRolePolicy', {
    customSuffix: true,
    description: 'Default Service-Linked Role enables access to AWS Services and Resources used or managed by Auto Scaling',
  }),
  'elasticloadbalancing.amazonaws.com': slr('ElasticLoadBalancing', 'AWSElasticLoadBalancingServiceRolePolicy', { description: 'Allows ELB to call AWS services on your behalf.' }),
  'ecs.amazonaws.com': slr('ECS', 'AmazonECSServiceRolePolicy', { description: 'Role to enable Amazon ECS to manage your cluster.' }),
  'rds.amazonaws.com': slr('RDS', 'AmazonRDSServiceRolePolicy', { description: 'Allows Amazon RDS to manage AWS resources on your behalf' }),
  'elasticache.amazonaws.com': slr('ElastiCache', 'ElastiCacheServiceRolePolicy'),
  'spot.amazonaws.com': slr('EC2Spot', 'AWSEC2SpotServiceRolePolicy', { description: 'Default EC2 Spot Service Linked Role' }),
  'spotfleet.amazonaws.com': slr('EC2SpotFleet', 'AWSEC2SpotFleetServiceRolePolicy'),
  'organizations.amazonaws.com': slr('Organizations', 'AWSOrganizationsServiceTrustPolicy', {
    description: 'Service-linked role used by AWS Organizations to enable integration of other AWS services with Organizations.',
  }),
  'support.amazonaws.com': slr('Support', 'AWSSupportServiceRolePolicy', { description: 'Enables resource access for AWS to provide billing, administrative and support services' }),
  'trustedadvisor.amazonaws.com': slr('TrustedAdvisor', 'AWSTrustedAdvisorServiceRolePolicy', {
    description: 'Access for the AWS Trusted Advisor Service to help reduce cost, increase performance, and improve security of your AWS environment.',
  }),
  'config.amazonaws.com': slr('Config', 'AWSConfigServiceRolePolicy'),
  'guardduty.amazonaws.com': slr('AmazonGuardDuty', 'AmazonGuardDutyServiceRolePolicy'),
  'securityhub.amazonaws.com': slr('SecurityHub', 'AWSSecurityHubServiceRolePolicy'),
  'ssm.amazonaws.com': slr('AmazonSSM', 'AmazonSSMServiceRolePolicy'),
  'eks.amazonaws.com': slr('AmazonEKS', 'AmazonEKSServiceRolePolicy'),
  'eks-nodegroup.amazonaws.com': slr('AmazonEKSNodegroup', 'AWSServiceRoleForAmazonEKSNodegroup'),
  'eks-fargate.amazonaws.com': slr('AmazonEKSForFargate', 'AmazonEKSForFargateServiceRolePolicy'),
  'eks-connector.amazonaws.com': slr('AmazonEKSConnector', 'AmazonEKSConnectorServiceRolePolicy'),
  'es.amazonaws.com': slr('AmazonElasticsearchService', 'AmazonElasticsearchServiceRolePolicy'),
  'opensearchservice.amazonaws.com': slr('AmazonOpenSearchService', 'AmazonOpenSearchServiceRolePolicy'),
  'observability.aoss.amazonaws.com': slr('AmazonOpenSearchServerless', 'AmazonOpenSearchServerlessServiceRolePolicy'),
  'osis.amazonaws.com': slr('AmazonOpenSearchIngestionService', 'AmazonOpenSearchIngestionServiceRolePolicy'),
  'cloudtrail.amazonaws.com': slr('CloudTrail', 'CloudTrailServiceRolePolicy'),
  'backup.amazonaws.com': slr('Backup', 'AWSBackupServiceLinkedRolePolicyForBackup'),
  // Application Auto Scaling: one role per scalable service, named with an underscore.
  'ecs.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_ECSService', 'AWSApplicationAutoscalingECSServicePolicy'),
  'dynamodb.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_DynamoDBTable', 'AWSApplicationAutoscalingDynamoDBTablePolicy'),
  'ec2.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_EC2SpotFleetRequest', 'AWSApplicationAutoscalingEC2SpotFleetRequestPolicy'),
  'rds.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_RDSCluster', 'AWSApplicationAutoscalingRDSClusterPolicy'),
  'appstream.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_AppStreamFleet', 'AWSApplicationAutoscalingAppStreamFleetPolicy'),
  'cassandra.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_CassandraTable', 'AWSApplicationAutoscalingCassandraTablePolicy'),
  'comprehend.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_ComprehendEndpoint', 'AWSApplicationAutoscalingComprehendEndpointPolicy'),
  'custom-resource.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_CustomResource', 'AWSApplicationAutoScalingCustomResourcePolicy'),
  'elasticache.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_ElastiCacheRG', 'AWSApplicationAutoscalingElastiCacheRGPolicy'),
  'kafka.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_KafkaCluster', 'AWSApplicationAutoscalingKafkaClusterPolicy'),
  'lambda.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_LambdaConcurrency', 'AWSApplicationAutoscalingLambdaConcurrencyPolicy'),
  'neptune.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_NeptuneCluster', 'AWSApplicationAutoscalingNeptuneClusterPolicy'),
  'sagemaker.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_SageMakerEndpoint', 'AWSApplicationAutoscalingSageMakerEndpointPolicy'),
  'workspaces.application-autoscaling.amazonaws.com': slr('ApplicationAutoScaling_WorkSpacesPool', 'AWSApplicationAutoscalingWorkSpacesPoolPolicy'),
  'autoscaling-plans.amazonaws.com': slr('AutoScalingPlans_EC2AutoScaling', 'AWSAutoScalingPlansEC2AutoScalingPolicy'),
  // Compute, containers, networking.
  'ec2fleet.amazonaws.com': slr('EC2Fleet', 'AWSEC2FleetServiceRolePolicy'),
  'ec2scheduled.amazonaws.com': slr('EC2ScheduledInstances', 'AWSServiceRoleForEC2ScheduledInstances'),
  'ec2fastlaunch.amazonaws.com': slr('EC2FastLaunch', 'EC2FastLaunchServiceRolePolicy'),
  'ec2-instance-connect.amazonaws.com': slr('EC2InstanceConnect', 'Ec2InstanceConnectEndpoint'),
  'ipam.amazonaws.com': slr('IPAM', 'AWSIPAMServiceRolePolicy'),
  'transitgateway.amazonaws.com': slr('VPCTransitGateway', 'AWSVPCTransitGatewayServiceRolePolicy'),
  's2svpn.amazonaws.com': slr('VPCS2SVPN', 'AWSVPCS2SVpnServiceRolePolicy'),
  'verified-access.amazonaws.com': slr('VPCVerifiedAccess', 'AWSVPCVerifiedAccessServiceRolePolicy'),
  'vpc-lattice.amazonaws.com': slr('VpcLattice', 'AWSVpcLatticeServiceRolePolicy'),
  'network-firewall.amazonaws.com': slr('NetworkFirewall', 'AWSNetworkFirewallServiceRolePolicy'),
  'networkmanager.amazonaws.com': slr('NetworkManager', 'AWSNetworkManagerServiceRolePolicy'),
  'globalaccelerator.amazonaws.com': slr('GlobalAccelerator', 'AWSGlobalAcceleratorSLRPolicy'),
  'directconnect.amazonaws.com': slr('DirectConnect', 'AWSDirectConnectServiceRolePolicy'),
  'route53resolver.amazonaws.com': slr('Route53Resolver', 'Route53ResolverServiceRolePolicy'),
  'route53-recovery-readiness.amazonaws.com': slr('Route53RecoveryReadiness', 'Route53RecoveryReadinessServiceRolePolicy'),
  'logger.cloudfront.amazonaws.com': slr('CloudFrontLogger', 'AWSCloudFrontLogger'),
  'apigateway.amazonaws.com': slr('APIGateway', 'APIGatewayServiceRolePolicy'),
  'appmesh.amazonaws.com': slr('AppMesh', 'AWSAppMeshServiceRolePolicy'),
  'apprunner.amazonaws.com': slr('AppRunner', 'AppRunnerServiceRolePolicy'),
  'networking.apprunner.amazonaws.com': slr('AppRunnerNetworking', 'AppRunnerNetworkingServiceRolePolicy'),
  'batch.amazonaws.com': slr('Batch', 'BatchServiceRolePolicy'),
  'lambda.amazonaws.com': slr('Lambda', 'AWSLambdaServiceRolePolicy'),
  'replicator.lambda.amazonaws.com': slr('LambdaReplicator', 'AWSLambdaReplicator'),
  'elasticbeanstalk.amazonaws.com': slr('ElasticBeanstalk', 'AWSElasticBeanstalkServiceRolePolicy'),
  'maintenance.elasticbeanstalk.amazonaws.com': slr('ElasticBeanstalkMaintenance', 'AWSElasticBeanstalkMaintenance'),
  'managedupdates.elasticbeanstalk.amazonaws.com': slr('ElasticBeanstalkManagedUpdates', 'AWSElasticBeanstalkManagedUpdatesServiceRolePolicy'),
  'imagebuilder.amazonaws.com': slr('ImageBuilder', 'AWSServiceRoleForImageBuilder'),
  'replication.ecr.amazonaws.com': slr('ECRReplication', 'ECRReplicationServiceRolePolicy'),
  'pullthroughcache.ecr.amazonaws.com': slr('ECRPullThroughCache', 'AWSECRPullThroughCache_ServiceRolePolicy'),
  'lightsail.amazonaws.com': slr('Lightsail', 'LightsailExportAccess'),
  'cloud9.amazonaws.com': slr('AWSCloud9', 'AWSCloud9ServiceRolePolicy'),
  'm2.amazonaws.com': slr('AWSM2', 'AWSM2ServicePolicy'),
  // Storage and databases.
  'elasticfilesystem.amazonaws.com': slr('AmazonElasticFileSystem', 'AmazonElasticFileSystemServiceRolePolicy'),
  'fsx.amazonaws.com': slr('AmazonFSx', 'AmazonFSxServiceRolePolicy'),
  'storagegateway.amazonaws.com': slr('StorageGateway', 'AWSStorageGatewayServiceRolePolicy'),
  'storage-lens.s3.amazonaws.com': slr('S3StorageLens', 'S3StorageLensServiceRolePolicy'),
  'datasync.amazonaws.com': slr('DataSync', 'AWSDataSyncServiceRolePolicy'),
  'drs.amazonaws.com': slr('ElasticDisasterRecovery', 'AWSElasticDisasterRecoveryServiceRolePolicy'),
  'mgn.amazonaws.com': slr('ApplicationMigrationService', 'AWSApplicationMigrationServiceRolePolicy'),
  'custom.rds.amazonaws.com': slr('RDSCustom', 'AmazonRDSCustomServiceRolePolicy'),
  'docdb-elastic.amazonaws.com': slr('DocDB-Elastic', 'AmazonDocDB-ElasticServiceRolePolicy'),
  'dax.amazonaws.com': slr('DAX', 'DAXServiceRolePolicy'),
  'replication.dynamodb.amazonaws.com': slr('DynamoDBReplication', 'DynamoDBReplicationServiceRolePolicy'),
  'memorydb.amazonaws.com': slr('MemoryDB', 'MemoryDBServiceRolePolicy'),
  'redshift.amazonaws.com': slr('Redshift', 'AmazonRedshiftServiceLinkedRolePolicy'),
  'neptune-graph.amazonaws.com': slr('NeptuneGraph', 'AWSServiceRoleForNeptuneGraphPolicy'),
  'timestream-influxdb.amazonaws.com': slr('TimestreamInfluxDB', 'AmazonTimestreamInfluxDBServiceRolePolicy'),
  'cassandra-streams.amazonaws.com': slr('AmazonKeyspacesCDC', 'KeyspacesCDCServiceRolePolicy'),
  'replication.cassandra.amazonaws.com': slr('KeyspacesReplication', 'KeyspacesReplicationServiceRolePolicy'),
  'dsql.amazonaws.com': slr('AuroraDsql', 'AuroraDsqlServiceLinkedRolePolicy'),
  'dms.amazonaws.com': slr('DMSServerless', 'AWSDMSServerlessServiceRolePolicy'),
  'dms-fleet-advisor.amazonaws.com': slr('DMSFleetAdvisor', 'AWSDMSFleetAdvisorServiceRolePolicy'),
  'lakeformation.amazonaws.com': slr('LakeFormationDataAccess', 'LakeFormationDataAccessServiceRolePolicy'),
  'ops.athena.amazonaws.com': slr('AmazonAthena', 'AmazonAthenaServiceRolePolicy'),
  'elasticmapreduce.amazonaws.com': slr('EMRCleanup', 'AmazonEMRCleanupPolicy'),
  'emr-containers.amazonaws.com': slr('AmazonEMRContainers', 'AmazonEMRContainersServiceRolePolicy'),
  'ops.emr-serverless.amazonaws.com': slr('AmazonEMRServerless', 'AmazonEMRServerlessServiceRolePolicy'),
  'emrwal.amazonaws.com': slr('EMRWAL', 'EMRDescribeClusterPolicyForEMRWAL'),
  'kafka.amazonaws.com': slr('Kafka', 'KafkaServiceRolePolicy'),
  'kafkaconnect.amazonaws.com': slr('KafkaConnect', 'KafkaConnectServiceRolePolicy'),
  'mq.amazonaws.com': slr('AmazonMQ', 'AmazonMQServiceRolePolicy'),
  'airflow.amazonaws.com': slr('AmazonMWAA', 'AmazonMWAAServiceRolePolicy'),
  'airflow-serverless.amazonaws.com': slr('AmazonMWAAServerless', 'AmazonMWAAServerlessServiceRolePolicy'),
  'managedblockchain.amazonaws.com': slr('AmazonManagedBlockchain', 'AmazonManagedBlockchainServiceRolePolicy'),
  // Security, identity, compliance.
  'access-analyzer.amazonaws.com': slr('AccessAnalyzer', 'AccessAnalyzerServiceRolePolicy'),
  'sso.amazonaws.com': slr('SSO', 'AWSSSOServiceRolePolicy'),
  'rolesanywhere.amazonaws.com': slr('RolesAnywhere', 'AWSRolesAnywhereServicePolicy'),
  'acm.amazonaws.com': slr('CertificateManager', 'CertificateManagerServiceRolePolicy'),
  'cloudhsm.amazonaws.com': slr('CloudHSM', 'CloudHSMServiceRolePolicy'),
  'cks.kms.amazonaws.com': slr('KeyManagementServiceCustomKeyStores', 'AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy'),
  'mrk.kms.amazonaws.com': slr('KeyManagementServiceMultiRegionKeys', 'AWSKeyManagementServiceMultiRegionKeysServiceRolePolicy'),
  'inspector.amazonaws.com': slr('AmazonInspector', 'AmazonInspectorServiceRolePolicy'),
  'inspector2.amazonaws.com': slr('AmazonInspector2', 'AmazonInspector2ServiceRolePolicy'),
  'agentless.inspector2.amazonaws.com': slr('AmazonInspector2Agentless', 'AmazonInspector2AgentlessServiceRolePolicy'),
  'malware-protection.guardduty.amazonaws.com': slr('AmazonGuardDutyMalwareProtection', 'AmazonGuardDutyMalwareProtectionServiceRolePolicy'),
  'macie.amazonaws.com': slr('AmazonMacie', 'AmazonMacieServiceRolePolicy'),
  'detective.amazonaws.com': slr('Detective', 'AmazonDetectiveServiceLinkedRolePolicy'),
  'securitylake.amazonaws.com': slr('SecurityLake', 'SecurityLakeServiceLinkedRole'),
  'security-ir.amazonaws.com': slr('SecurityIncidentResponse', 'AWSSecurityIncidentResponseServiceRolePolicy'),
  'triage.security-ir.amazonaws.com': slr('SecurityIncidentResponse_Triage', 'AWSSecurityIncidentResponseTriageServiceRolePolicy'),
  'fms.amazonaws.com': slr('FMS', 'FMSServiceRolePolicy'),
  'shield.amazonaws.com': slr('AWSShield', 'AWSShieldServiceRolePolicy'),
  'waf.amazonaws.com': slr('WAFLogging', 'WAFLoggingServiceRolePolicy'),
  'waf-regional.amazonaws.com': slr('WAFRegionalLogging', 'WAFRegionalLoggingServiceRolePolicy'),
  'wafv2.amazonaws.com': slr('WAFV2Logging', 'WAFV2LoggingServiceRolePolicy'),
  'auditmanager.amazonaws.com': slr('AuditManager', 'AWSAuditManagerServiceRolePolicy'),
  'artifact.amazonaws.com': slr('Artifact', 'AWSArtifactServiceRolePolicy'),
  'config-conforms.amazonaws.com': slr('ConfigConforms', 'ConfigConformsServiceRolePolicy'),
  'remediation.config.amazonaws.com': slr('ConfigRemediation', 'AWSConfigRemediationServiceRolePolicy'),
  'cognito-idp.amazonaws.com': slr('AmazonCognitoIdp', 'AmazonCognitoIdpServiceRolePolicy'),
  'email.cognito-idp.amazonaws.com': slr('AmazonCognitoIdpEmail', 'AmazonCognitoIdpEmailServiceRolePolicy'),
  // Management and governance.
  'controltower.amazonaws.com': slr('AWSControlTower', 'AWSControlTowerAccountServiceRolePolicy'),
  'member.org.stacksets.cloudformation.amazonaws.com': slr('CloudFormationStackSetsOrgMember', 'CloudFormationStackSetsOrgMemberServiceRolePolicy'),
  'stacksets.cloudformation.amazonaws.com': slr('CloudFormationStackSetsOrgAdmin', 'CloudFormationStackSetsOrgAdminServiceRolePolicy'),
  'events.amazonaws.com': slr('CloudWatchEvents', 'CloudWatchEventsServiceRolePolicy'),
  'apidestinations.events.amazonaws.com': slr('AmazonEventBridgeApiDestinations', 'AmazonEventBridgeApiDestinationsServiceRolePolicy'),
  'schemas.amazonaws.com': slr('Schemas', 'AmazonEventBridgeSchemasServiceRolePolicy'),
  'cloudwatch-crossaccount.amazonaws.com': slr('CloudWatchCrossAccount', 'CloudWatch-CrossAccountAccess'),
  'application-insights.amazonaws.com': slr('ApplicationInsights', 'CloudwatchApplicationInsightsServiceLinkedRolePolicy'),
  'application-signals.cloudwatch.amazonaws.com': slr('CloudWatchApplicationSignals', 'CloudWatchApplicationSignalsServiceRolePolicy'),
  'internetmonitor.amazonaws.com': slr('InternetMonitor', 'CloudWatchInternetMonitorServiceRolePolicy'),
  'rum.amazonaws.com': slr('RealUserMonitoring', 'AmazonCloudWatchRUMServiceRolePolicy'),
  'evidently.amazonaws.com': slr('CloudWatchEvidently', 'AmazonCloudWatchEvidentlyServiceRolePolicy'),
  'delivery.logs.amazonaws.com': slr('LogDelivery', 'AWSServiceRoleForLogDeliveryPolicy'),
  'scraper.aps.amazonaws.com': slr('AmazonPrometheusScraper', 'AmazonPrometheusScraperServiceRolePolicy'),
  'grafana.amazonaws.com': slr('AmazonGrafana', 'AmazonGrafanaServiceLinkedRolePolicy'),
  'devops-guru.amazonaws.com': slr('DevOpsGuru', 'AmazonDevOpsGuruServiceRolePolicy'),
  'compute-optimizer.amazonaws.com': slr('ComputeOptimizer', 'ComputeOptimizerServiceRolePolicy'),
  'cost-optimization-hub.bcm.amazonaws.com': slr('CostOptimizationHub', 'CostOptimizationHubServiceRolePolicy'),
  'bcm-data-exports.amazonaws.com': slr('BCMDataExports', 'AWSBCMDataExportsServiceRolePolicy'),
  'split-cost-allocation-data.amazonaws.com': slr('SplitCostAllocationData', 'SplitCostAllocationDataServiceRolePolicy'),
  'user-attribute-cost-allocation-data.amazonaws.com': slr('UserAttributeCostAllocation', 'AWSUserAttributeCostAllocationPolicy'),
  'servicequotas.amazonaws.com': slr('ServiceQuotas', 'ServiceQuotasServiceRolePolicy'),
  'resource-groups.amazonaws.com': slr('ResourceGroups', 'ResourceGroupsServiceRolePolicy'),
  'resource-explorer-2.amazonaws.com': slr('ResourceExplorer', 'AWSResourceExplorerServiceRolePolicy'),
  'ram.amazonaws.com': slr('ResourceAccessManager', 'AWSResourceAccessManagerServiceRolePolicy'),
  'servicecatalog-appregistry.amazonaws.com': slr('AWSServiceCatalogAppRegistry', 'AWSServiceCatalogAppRegistryServiceRolePolicy'),
  'orgsdatasync.servicecatalog.amazonaws.com': slr('ServiceCatalogOrgsDataSync', 'AWSServiceCatalogOrgsDataSyncServiceRolePolicy'),
  'reporting.trustedadvisor.amazonaws.com': slr('TrustedAdvisorReporting', 'AWSTrustedAdvisorReportingServiceRolePolicy'),
  'wellarchitected.amazonaws.com': slr('WellArchitected', 'AWSWellArchitectedOrganizationsServiceRolePolicy'),
  'license-manager.amazonaws.com': slr('AWSLicenseManagerRole', 'AWSLicenseManagerServiceRolePolicy'),
  'license-manager.master-account.amazonaws.com': slr('AWSLicenseManagerMasterAccountRole', 'AWSLicenseManagerMasterAccountRolePolicy'),
  'license-manager.member-account.amazonaws.com': slr('AWSLicenseManagerMemberAccountRole', 'AWSLicenseManagerMemberAccountRolePolicy'),
  'license-management.marketplace.amazonaws.com': slr('MarketplaceLicenseManagement', 'AWSMarketplaceLicenseManagementServiceRolePolicy'),
  'private-marketplace.marketplace.amazonaws.com': slr('PrivateMarketplaceAdmin', 'AWSServiceRoleForPrivateMarketplaceAdminPolicy'),
  'ssm-incidents.amazonaws.com': slr('IncidentManager', 'AWSIncidentManagerServiceRolePolicy'),
  'ssm-quicksetup.amazonaws.com': slr('SSMQuickSetup', 'SSMQuickSetupRolePolicy'),
  'ssm-sap.amazonaws.com': slr('AWSSSMForSAP', 'AWSSSMForSAPServiceLinkedRolePolicy'),
  'accountdiscovery.ssm.amazonaws.com': slr('AmazonSSM_AccountDiscovery', 'AWSSystemsManagerAccountDiscoveryServicePolicy'),
  'justintimeaccess.ssm.amazonaws.com': slr('SystemsManagerJustInTimeAccess', 'AWSSystemsManagerJustInTimeAccessServicePolicy'),
  'notifications.ssm.amazonaws.com': slr('SystemsManagerNotifications', 'AWSSystemsManagerNotificationsServicePolicy'),
  'migrationhub.amazonaws.com': slr('AWSMigrationHub', 'MigrationHubServiceRolePolicy'),
  'migrationhub-orchestrator.amazonaws.com': slr('MigrationHubOrchestrator', 'AWSMigrationHubOrchestratorServiceRolePolicy'),
  'continuousexport.discovery.amazonaws.com': slr('ApplicationDiscoveryServiceContinuousExport', 'ApplicationDiscoveryServiceContinuousExportServiceRolePolicy'),
  'sms.amazonaws.com': slr('SMS', 'AWSServiceRoleForSMS'),
  // Developer tools, machine learning, analytics, applications.
  'codestar-notifications.amazonaws.com': slr('CodeStarNotifications', 'AWSCodeStarNotificationsServiceRolePolicy'),
  'codeguru-reviewer.amazonaws.com': slr('AmazonCodeGuruReviewer', 'AmazonCodeGuruReviewerServiceRolePolicy'),
  'sync.codeconnections.amazonaws.com': slr('GitSync', 'AWSGitSyncServiceRolePolicy'),
  'sync.proton.amazonaws.com': slr('ProtonSync', 'AWSProtonSyncServiceRolePolicy'),
  'devicefarm.amazonaws.com': slr('DeviceFarm', 'AWSDeviceFarmServiceRolePolicy'),
  'bugbust.amazonaws.com': slr('BugBust', 'AWSBugBustServiceRolePolicy'),
  'codewhisperer.amazonaws.com': slr('AmazonCodeWhisperer', 'AWSServiceRoleForCodeWhispererPolicy'),
  'q.amazonaws.com': slr('AmazonQDeveloper', 'AWSServiceRoleForAmazonQDeveloper'),
  'qbusiness.amazonaws.com': slr('QBusiness', 'QBusinessServiceRolePolicy'),
  'qapps.amazonaws.com': slr('QApps', 'QAppsServiceRolePolicy'),
  'sagemaker.amazonaws.com': slr('AmazonSageMakerNotebooks', 'AmazonSageMakerNotebooksServiceRolePolicy'),
  'braket.amazonaws.com': slr('AmazonBraket', 'AmazonBraketServiceRolePolicy'),
  'network.bedrock-agentcore.amazonaws.com': slr('BedrockAgentCoreNetwork', 'BedrockAgentCoreNetworkServiceRolePolicy'),
  'runtime-identity.bedrock-agentcore.amazonaws.com': slr('BedrockAgentCoreRuntimeIdentity', 'BedrockAgentCoreRuntimeIdentityServiceRolePolicy'),
  'lex.amazonaws.com': slr('LexBots', 'LexBotPolicy'),
  'channels.lex.amazonaws.com': slr('LexChannels', 'LexChannelPolicy'),
  'lexv2.amazonaws.com': slr('LexV2Bots', 'AmazonLexV2BotPolicy', { customSuffix: true }),
  'replication.lexv2.amazonaws.com': slr('LexV2Replication', 'AmazonLexReplicationPolicy'),
  'appsync.amazonaws.com': slr('AppSync', 'AWSAppSyncServiceRolePolicy'),
  'appfabric.amazonaws.com': slr('AppFabric', 'AWSAppFabricServiceRolePolicy'),
  'appintegrations.amazonaws.com': slr('AppIntegrations', 'AppIntegrationsServiceLinkedRolePolicy'),
  'connect.amazonaws.com': slr('AmazonConnect', 'AmazonConnectServiceLinkedRolePolicy', { customSuffix: true }),
  'connect-campaigns.amazonaws.com': slr('ConnectCampaigns', 'AmazonConnectCampaignsServiceLinkedRolePolicy'),
  'profile.amazonaws.com': slr('Profile', 'CustomerProfilesServiceLinkedRolePolicy', { customSuffix: true }),
  'ses.amazonaws.com': slr('AmazonSES', 'AmazonSESServiceRolePolicy'),
  'socialmessaging.amazonaws.com': slr('SocialMessaging', 'AWSSocialMessagingServiceRolePolicy'),
  'events.workmail.amazonaws.com': slr('AmazonWorkMailEvents', 'AmazonWorkMailEventsServiceRolePolicy'),
  'monitoring.thinclient.amazonaws.com': slr('AmazonWorkSpacesThinClientMonitoring', 'AmazonWorkSpacesThinClientMonitoringServiceRolePolicy'),
  'chime.amazonaws.com': slr('AmazonChime', 'AmazonChimeServiceRolePolicy'),
  'voiceconnector.chime.amazonaws.com': slr('AmazonChimeVoiceConnector', 'AmazonChimeVoiceConnectorServiceLinkedRolePolicy'),
  'transcription.chime.amazonaws.com': slr('AmazonChimeTranscription', 'AmazonChimeTranscriptionServiceLinkedRolePolicy'),
  'mediapipelines.chime.amazonaws.com': slr('AmazonChimeSDKMediaPipelines', 'AmazonChimeSDKMediaPipelinesServiceLinkedRolePolicy'),
  'messaging.chime.amazonaws.com': slr('ChimeSDKMessaging', 'AmazonChimeSDKMessagingServiceRolePolicy'),
  'mediatailor.amazonaws.com': slr('MediaTailor', 'AWSMediaTailorServiceRolePolicy'),
  'panorama.amazonaws.com': slr('AWSPanorama', 'AWSPanoramaServiceLinkedRolePolicy'),
  'robomaker.amazonaws.com': slr('RoboMaker', 'AWSRoboMakerServicePolicy'),
  'iotsitewise.amazonaws.com': slr('IoTSiteWise', 'AWSServiceRoleForIoTSiteWise'),
  'iotfleetwise.amazonaws.com': slr('IoTFleetWise', 'AWSIoTFleetwiseServiceRolePolicy'),
  'iottwinmaker.amazonaws.com': slr('IoTTwinMaker', 'AWSIoTTwinMakerServiceRolePolicy'),
  'iotmanagedintegrations.amazonaws.com': slr('IoTManagedIntegrations', 'AWSIoTManagedIntegrationsRolePolicy'),
};

/** The linked service of a principal (exact, case-sensitive as AWS's principals are), or undefined. */
export function linkedService(principal: string): LinkedService | undefined {
  return Object.prototype.hasOwnProperty.call(LINKED_SERVICES, principal) ? LINKED_SERVICES[principal] : undefined;
}

/** The ARN of the AWS managed policy attached to a linked service's role. */
export const linkedServicePolicyArn = (service: LinkedService) => `arn:aws:iam::aws:policy/aws-service-role/${service.policyName}`;

/** The role AWS creates: `AWSServiceRoleFor<suffix>`, plus `_<CustomSuffix>` when one is given. */
export function serviceLinkedRoleName(service: LinkedService, customSuffix?: string): string {
  return `AWSServiceRoleFor${service.roleSuffix}${customSuffix ? `_${customSuffix}` : ''}`;
}
