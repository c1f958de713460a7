/**
 * Every operation of AWS's IAM and STS service models (apps/api/aws-models) is either in the
 * action table or listed below with the reason it is not — so a model update that adds an
 * operation, or an action removed by mistake, fails here. The README's "Operations not
 * implemented" section lists the same operations.
 */
import { describe, expect, it } from 'vitest';
import { actionTable } from '../src/actions/registry';
import { serviceModel, type ServiceName } from '../src/protocols/model/service-model';

const DELEGATION =
  'IAM temporary delegation (partner delegation requests and their exchange token) needs an AWS partner integration and an asynchronous notification channel to the partner; Portcullis has no partners';
const ROOT_ACCESS =
  'centralized root access for member accounts (AWS Organizations): Portcullis member accounts are created without root credentials to manage, and has no organization-wide root-session feature';

/** Operations of the models that Portcullis does not implement, and why. */
const NOT_IMPLEMENTED: Readonly<Record<string, string>> = {
  'iam:AcceptDelegationRequest': DELEGATION,
  'iam:AssociateDelegationRequest': DELEGATION,
  'iam:CreateDelegationRequest': DELEGATION,
  'iam:GetDelegationRequest': DELEGATION,
  'iam:ListDelegationRequests': DELEGATION,
  'iam:RejectDelegationRequest': DELEGATION,
  'iam:SendDelegationToken': DELEGATION,
  'iam:UpdateDelegationRequest': DELEGATION,
  'sts:GetDelegatedAccessToken': DELEGATION,
  'iam:GetHumanReadableSummary': "AWS generates the summary (of a delegation request) with a large language model; there are no delegation requests here and no model to run",
  'iam:AcquireRole': 'role templates are published by AWS services and partners; no templates exist here to create a role from',
  'iam:GetRoleTemplateVersion': 'role templates are published by AWS services and partners; no templates exist here to describe',
  'iam:EnableOrganizationsRootCredentialsManagement': ROOT_ACCESS,
  'iam:DisableOrganizationsRootCredentialsManagement': ROOT_ACCESS,
  'iam:EnableOrganizationsRootSessions': ROOT_ACCESS,
  'iam:DisableOrganizationsRootSessions': ROOT_ACCESS,
  'iam:ListOrganizationsFeatures': ROOT_ACCESS,
  'sts:AssumeRoot': ROOT_ACCESS,
  'iam:GenerateOrganizationsAccessReport':
    'the Organizations access report covers service control policies and organizational units, which Portcullis Organizations does not model (Access Advisor for users, groups, roles and policies is implemented)',
  'iam:GetOrganizationsAccessReport':
    'the Organizations access report covers service control policies and organizational units, which Portcullis Organizations does not model (Access Advisor for users, groups, roles and policies is implemented)',
  'iam:EnableOutboundWebIdentityFederation': 'outbound web identity federation makes STS an OIDC issuer for external services (GetWebIdentityToken); Portcullis publishes no signing keys or OIDC discovery document',
  'iam:DisableOutboundWebIdentityFederation': 'outbound web identity federation makes STS an OIDC issuer for external services (GetWebIdentityToken); Portcullis publishes no signing keys or OIDC discovery document',
  'iam:GetOutboundWebIdentityFederationInfo': 'outbound web identity federation makes STS an OIDC issuer for external services (GetWebIdentityToken); Portcullis publishes no signing keys or OIDC discovery document',
  'sts:GetWebIdentityToken': 'outbound web identity federation makes STS an OIDC issuer for external services; Portcullis publishes no signing keys or OIDC discovery document',
  'iam:GetAccountProperties': 'account properties are settings of AWS-only account features; Portcullis has none to report',
  'iam:PutAccountProperties': 'account properties are settings of AWS-only account features; Portcullis has none to set',
  'iam:SetSecurityTokenServicePreferences':
    "chooses the version of session tokens STS's global endpoint issues (valid in all Regions or only in default ones); Portcullis has one endpoint and one token format, valid everywhere",
  'sts:DecodeAuthorizationMessage':
    'Portcullis never returns an encoded authorization message: its denials (IAM, STS and EC2 alike) name the action, the resource and the kind of denial in plain text',
};

const SERVICES: ServiceName[] = ['iam', 'sts'];
const modelOperations = SERVICES.flatMap((service) => Object.keys(serviceModel(service).operations).map((name) => `${service}:${name}`));

describe('IAM and STS model coverage', () => {
  it.each(SERVICES)('every %s operation of the model is implemented or listed as not implemented', (service) => {
    const missing = Object.keys(serviceModel(service).operations)
      .map((name) => `${service}:${name}`)
      .filter((op) => !actionTable.has(op.toLowerCase()) && !(op in NOT_IMPLEMENTED));
    expect(missing, 'operations neither in the action table nor in NOT_IMPLEMENTED').toEqual([]);
  });

  it('lists as not implemented only operations of the models that are indeed not implemented', () => {
    for (const op of Object.keys(NOT_IMPLEMENTED)) {
      expect(modelOperations, `${op} is not an operation of the model`).toContain(op);
      expect(actionTable.has(op.toLowerCase()), `${op} is implemented: take it off NOT_IMPLEMENTED`).toBe(false);
      expect(NOT_IMPLEMENTED[op]!.length, `${op} needs a reason`).toBeGreaterThan(20);
    }
  });

  it('has no IAM or STS action the models do not define, spelt as AWS spells it', () => {
    const byLowerCase = new Map(modelOperations.map((op) => [op.toLowerCase(), op]));
    const actions = [...actionTable.values()].filter((a) => a.service === 'iam' || a.service === 'sts').map((a) => `${a.service}:${a.name}`);
    for (const action of actions) expect(byLowerCase.get(action.toLowerCase()), action).toBe(action);
  });

  it('implements sts:GetAccessKeyInfo', () => {
    expect(actionTable.has('sts:getaccesskeyinfo')).toBe(true);
  });
});

const ANALYZERS = 'service-linked analyzers, finding recommendations and statistics, analyzed-resource listings, analyzer tags and UpdateAnalyzer (unused and internal access analyzers) are not served yet: issue #17 part B';
const PREVIEWS = 'access previews (findings a proposed resource policy would produce) are not served yet: issue #17 part B';

/** Access Analyzer operations not served yet (the policy checks, analyzers, findings and archive rules are), and why. */
const ACCESS_ANALYZER_NOT_IMPLEMENTED: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    [
      'CreateServiceLinkedAnalyzer', 'DeleteServiceLinkedAnalyzer', 'GetAnalyzedResource',
      'ListAnalyzedResources', 'ListTagsForResource', 'TagResource', 'UntagResource',
    ].map((name) => [name, ANALYZERS]),
  ),
  ...Object.fromEntries(['CreateAccessPreview', 'GetAccessPreview', 'ListAccessPreviewFindings', 'ListAccessPreviews'].map((name) => [name, PREVIEWS])),
};

describe('Access Analyzer model coverage', () => {
  const operations = Object.keys(serviceModel('accessanalyzer').operations);

  it('every operation of the model is implemented (as access-analyzer:<Name>) or listed as not implemented', () => {
    const missing = operations.filter((name) => !actionTable.has(`access-analyzer:${name}`.toLowerCase()) && !(name in ACCESS_ANALYZER_NOT_IMPLEMENTED));
    expect(missing).toEqual([]);
  });

  it('lists as not implemented only operations of the model that are indeed not implemented', () => {
    for (const name of Object.keys(ACCESS_ANALYZER_NOT_IMPLEMENTED)) {
      expect(operations, name).toContain(name);
      expect(actionTable.has(`access-analyzer:${name}`.toLowerCase()), `${name} is implemented: take it off the list`).toBe(false);
    }
  });

  it('has no access-analyzer action the model does not define, spelt as AWS spells it', () => {
    const actions = [...actionTable.values()].filter((a) => a.service === 'access-analyzer').map((a) => a.name);
    expect(actions.length).toBeGreaterThan(0);
    for (const name of actions) expect(operations).toContain(name);
  });
});
