/**
 * THE action table: every operation of every area, by `service:Name`. Both protocols look
 * actions up here.
 */
import type { AnyAction } from './action';
import { usersActions } from './users/users.actions';
import { groupsActions } from './groups/groups.actions';
import { policiesActions } from './policies/policies.actions';
import { inlinePoliciesActions } from './inline-policies/inline-policies.actions';
import { rolesActions } from './roles/roles.actions';
import { instanceProfilesActions } from './instance-profiles/instance-profiles.actions';
import { accessKeysActions } from './access-keys/access-keys.actions';
import { loginProfilesActions } from './login-profiles/login-profiles.actions';
import { accountActions } from './account/account.actions';
import { simulationActions } from './simulation/simulation.actions';
import { auditEventsActions } from './audit-events/audit-events.actions';
import { stsActions } from './sts/sts.actions';
import { accessKeyInfoActions } from './sts/access-key-info.actions';
import { mfaActions } from './mfa/mfa.actions';
import { imagesActions } from './images/images.actions';
import { snapshotsActions } from './snapshots/snapshots.actions';
import { instancesActions } from './instances/instances.actions';
import { securityGroupsActions } from './security-groups/security-groups.actions';
import { organizationsActions } from './organizations/organizations.actions';
import { sshPublicKeysActions } from './ssh-public-keys/ssh-public-keys.actions';
import { signingCertificatesActions } from './signing-certificates/signing-certificates.actions';
import { serviceSpecificCredentialsActions } from './service-specific-credentials/service-specific-credentials.actions';
import { serverCertificatesActions } from './server-certificates/server-certificates.actions';
import { accessAdvisorActions } from './access-advisor/access-advisor.actions';
import { serviceLinkedRolesActions } from './service-linked-roles/service-linked-roles.actions';
import { identityProvidersActions } from './identity-providers/identity-providers.actions';
import { accessAnalyzerActions } from './access-analyzer/access-analyzer.actions';
import { policyGenerationActions } from './access-analyzer/policy-generation.actions';
import { consoleViews } from './console/console.actions';

const areas: AnyAction[][] = [
  usersActions,
  groupsActions,
  policiesActions,
  inlinePoliciesActions,
  rolesActions,
  instanceProfilesActions,
  accessKeysActions,
  loginProfilesActions,
  accountActions,
  simulationActions,
  auditEventsActions,
  stsActions,
  accessKeyInfoActions,
  mfaActions,
  organizationsActions,
  imagesActions,
  snapshotsActions,
  instancesActions,
  securityGroupsActions,
  sshPublicKeysActions,
  signingCertificatesActions,
  serviceSpecificCredentialsActions,
  serverCertificatesActions,
  accessAdvisorActions,
  serviceLinkedRolesActions,
  identityProvidersActions,
  accessAnalyzerActions,
  policyGenerationActions,
];

export const actionTable: ReadonlyMap<string, AnyAction> = new Map(areas.flat().map((a) => [`${a.service}:${a.name}`.toLowerCase(), a]));

/** The action `service:Name` (case-insensitive), or undefined. */
export function findAction(service: string, name: string): AnyAction | undefined {
  return actionTable.get(`${service}:${name}`.toLowerCase());
}

/**
 * The console's views (console/console.actions.ts) by name (case-insensitive). Only the REST
 * router looks them up (`POST /api/console/<Name>`); each is authorized and audited as the IAM
 * action of the table it is named after.
 */
const consoleViewTable: ReadonlyMap<string, AnyAction> = new Map(Object.entries(consoleViews).map(([name, view]) => [name.toLowerCase(), view]));

export function findConsoleView(name: string): AnyAction | undefined {
  return consoleViewTable.get(name.toLowerCase());
}
