// One security group: details, the Inbound rules / Outbound rules tabs, "Edit inbound rules"
// (rows of type, protocol, port range, source, description → Revoke/Authorize what changed),
// a "Check reachability" panel (CheckReachability) and Delete.
import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Tabs from '@cloudscape-design/components/tabs';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  instancesQuery,
  securityGroupsQuery,
  useCheckReachabilityMutation,
  useDeleteSecurityGroupMutation,
  useUpdateIngressMutation,
  type Ec2SecurityGroup,
  type ReachabilityResult,
} from '../../api/queries/ec2.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { SuccessFlash } from '../../components/created-flash.tsx';
import { EntityDetailPage } from '../../components/entity-detail.tsx';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';
import { detailLoadError } from './ec2-shared.tsx';
import { protocolLabel, RULE_TYPES, rowErrors, rowsFromPermissions, rulesDiff, ruleTypeOf, withRuleType, type RuleRow, type RuleTypeLabel } from './rules.ts';

function RulesTable({ rows, label, direction }: { rows: RuleRow[]; label: string; direction: 'Inbound' | 'Outbound' }) {
  return (
    <Table<RuleRow>
      variant="embedded"
      items={rows}
      ariaLabels={{ tableLabel: label }}
      empty={<Box textAlign="center">No {direction.toLowerCase()} rules</Box>}
      columnDefinitions={[
        { id: 'type', header: 'Type', cell: (r) => ruleTypeOf(r) },
        { id: 'protocol', header: 'Protocol', cell: (r) => protocolLabel(r.protocol) },
        { id: 'port', header: 'Port range', cell: (r) => r.portRange },
        { id: 'source', header: direction === 'Inbound' ? 'Source' : 'Destination', cell: (r) => r.source },
        { id: 'description', header: 'Description', cell: (r) => r.description || '-' },
      ]}
    />
  );
}

function EditInboundRules({ group, onDone }: { group: Ec2SecurityGroup; onDone: (message: string | null) => void }) {
  const current = rowsFromPermissions(group.ipPermissions);
  const [rows, setRows] = useState<RuleRow[]>(current);
  const [tried, setTried] = useState(false);
  const update = useUpdateIngressMutation();
  const errors = rows.map(rowErrors);
  const invalid = errors.some((e) => e.portRange || e.source);
  const set = (index: number, row: RuleRow) => setRows(rows.map((r, i) => (i === index ? row : r)));
  const fixedPort = (r: RuleRow) => r.protocol === 'icmp' || r.protocol === '-1';
  const save = () => {
    setTried(true);
    if (invalid) return;
    const diff = rulesDiff(current, rows);
    if (!diff.authorize.length && !diff.revoke.length) return onDone(null);
    update.mutate({ groupId: group.groupId, ...diff }, { onSuccess: () => onDone(`Inbound security group rules successfully modified on security group (${group.groupId})`) });
  };
  return (
    <Form
      header={<Header variant="h2" description="Inbound rules control the incoming traffic that's allowed to reach the instance.">Edit inbound rules</Header>}
      actions={
        <SpaceBetween direction="horizontal" size="xs">
          <Button variant="link" onClick={() => onDone(null)}>
            Cancel
          </Button>
          <Button variant="primary" loading={update.isPending} onClick={save}>
            Save rules
          </Button>
        </SpaceBetween>
      }
    >
      <SpaceBetween size="m">
        {update.isError && <ApiErrorAlert error={update.error} header="The rules could not be saved" />}
        <Container>
          <AttributeEditor<RuleRow>
            items={rows}
            addButtonText="Add rule"
            removeButtonText="Delete"
            empty="No inbound rules"
            onAddButtonClick={() => setRows([...rows, { protocol: 'tcp', portRange: '', source: '', description: '' }])}
            onRemoveButtonClick={({ detail }) => setRows(rows.filter((_r, i) => i !== detail.itemIndex))}
            definition={[
              {
                label: 'Type',
                control: (r, i) => (
                  <Select
                    selectedOption={{ value: ruleTypeOf(r), label: ruleTypeOf(r) }}
                    onChange={({ detail }) => set(i, withRuleType(r, detail.selectedOption.value as RuleTypeLabel))}
                    options={RULE_TYPES.map((t) => ({ value: t.label, label: t.label }))}
                  />
                ),
              },
              { label: 'Protocol', control: (r) => <Box padding={{ top: 'xs' }}>{protocolLabel(r.protocol)}</Box> },
              {
                label: 'Port range',
                errorText: (_r, i) => (tried ? errors[i]?.portRange : undefined),
                control: (r, i) => <Input value={fixedPort(r) ? r.portRange || 'All' : r.portRange} disabled={fixedPort(r)} placeholder="22 or 1024-65535" onChange={({ detail }) => set(i, { ...r, portRange: detail.value })} />,
              },
              {
                label: 'Source',
                errorText: (_r, i) => (tried ? errors[i]?.source : undefined),
                control: (r, i) => <Input value={r.source} placeholder="203.0.113.0/24 or sg-…" onChange={({ detail }) => set(i, { ...r, source: detail.value })} />,
              },
              { label: 'Description - optional', control: (r, i) => <Input value={r.description} onChange={({ detail }) => set(i, { ...r, description: detail.value })} /> },
            ]}
          />
        </Container>
      </SpaceBetween>
    </Form>
  );
}

const PROTOCOLS = [
  { value: 'tcp', label: 'TCP' },
  { value: 'udp', label: 'UDP' },
  { value: 'icmp', label: 'ICMP' },
  { value: '-1', label: 'All' },
];

function describeMatch(result: ReachabilityResult): string {
  const rule = result.matchedRule!;
  const ports = rule.fromPort === undefined || rule.fromPort === -1 ? 'all ports' : rule.fromPort === rule.toPort ? `port ${rule.fromPort}` : `ports ${rule.fromPort}-${rule.toPort}`;
  const source = rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.referencedGroupId ?? '';
  return `Reachable via rule ${rule.securityGroupRuleId} (${protocolLabel(rule.ipProtocol)}, ${ports}, from ${source}) of ${rule.groupId}`;
}

function ReachabilityPanel({ group }: { group: Ec2SecurityGroup }) {
  const instances = useQuery(instancesQuery);
  const check = useCheckReachabilityMutation();
  const [instanceId, setInstanceId] = useState<string | null>(null);
  const [sourceIp, setSourceIp] = useState('');
  const [protocol, setProtocol] = useState('tcp');
  const [port, setPort] = useState('22');
  const members = (instances.data ?? []).filter((i) => i.groupSet.some((g) => g.groupId === group.groupId) && i.instanceState.name !== 'terminated');
  const options = members.map((i) => ({ value: i.instanceId, label: i.instanceId, description: `${i.instanceState.name} · ${i.privateIpAddress ?? ''}` }));
  const needsPort = protocol === 'tcp' || protocol === 'udp';
  const portValid = !needsPort || (/^\d{1,5}$/.test(port) && Number(port) <= 65535);
  const ipValid = /^(\d{1,3}\.){3}\d{1,3}$/.test(sourceIp.trim()) || sourceIp.includes(':');
  const result = check.data;
  return (
    <Container header={<Header variant="h2" description="Would traffic from a source address reach an instance in this group? Answered from the inbound rules of the instance's security groups.">Check reachability</Header>}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!instanceId || !ipValid || !portValid) return;
          check.mutate({ InstanceId: instanceId, SourceIp: sourceIp.trim(), Protocol: protocol, ...(needsPort || (protocol === 'icmp' && port) ? { Port: Number(port) } : {}) });
        }}
      >
        <SpaceBetween size="m">
          <SpaceBetween direction="horizontal" size="s">
            <FormField label="Instance">
              <Select
                selectedOption={options.find((o) => o.value === instanceId) ?? null}
                onChange={({ detail }) => setInstanceId(detail.selectedOption.value ?? null)}
                options={options}
                placeholder="Choose an instance"
                empty="No instances in this security group"
                statusType={instances.isPending ? 'loading' : 'finished'}
              />
            </FormField>
            <FormField label="Source IP" errorText={sourceIp && !ipValid ? 'Enter an IPv4 or IPv6 address.' : undefined}>
              <Input value={sourceIp} placeholder="203.0.113.7" onChange={({ detail }) => setSourceIp(detail.value)} />
            </FormField>
            <FormField label="Protocol">
              <Select selectedOption={PROTOCOLS.find((p) => p.value === protocol)!} onChange={({ detail }) => setProtocol(detail.selectedOption.value ?? 'tcp')} options={PROTOCOLS} />
            </FormField>
            <FormField label="Port" errorText={portValid ? undefined : 'Enter a port between 0 and 65535.'}>
              <Input value={port} disabled={!needsPort && protocol !== 'icmp'} inputMode="numeric" onChange={({ detail }) => setPort(detail.value)} />
            </FormField>
          </SpaceBetween>
          <Button variant="primary" loading={check.isPending} disabled={!instanceId || !ipValid || !portValid}>
            Check reachability
          </Button>
          {check.isError && <ApiErrorAlert error={check.error} header="Reachability could not be checked" />}
          {result && (
            <div role="status" aria-label="Reachability result">
              {result.reachable ? (
                <StatusIndicator type="success">{describeMatch(result)}</StatusIndicator>
              ) : (
                <StatusIndicator type="error">Not reachable{result.reason ? `: ${result.reason}` : ' — no inbound rule admits this traffic.'}</StatusIndicator>
              )}
            </div>
          )}
        </SpaceBetween>
      </form>
    </Container>
  );
}

export function SecurityGroupDetailPage() {
  const { groupId = '' } = useParams();
  const navigate = useNavigate();
  const groups = useQuery(securityGroupsQuery);
  const remove = useDeleteSecurityGroupMutation();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const group = groups.data?.find((g) => g.groupId === groupId);
  const inbound = group ? rowsFromPermissions(group.ipPermissions) : [];
  const outbound = group ? rowsFromPermissions(group.ipPermissionsEgress) : [];
  const entries = (rows: RuleRow[]) => `${rows.length} Permission entr${rows.length === 1 ? 'y' : 'ies'}`;

  return (
    <EntityDetailPage
      title={group ? `${group.groupId} - ${group.groupName}` : groupId}
      description={group?.groupDescription}
      {...detailLoadError('security group', groupId, { ...groups, data: group })}
      notifications={<SuccessFlash message={flash} onDismiss={() => setFlash(null)} />}
      actions={group && <Button onClick={() => setDeleting(true)}>Delete security group</Button>}
      summaryTitle="Details"
      summaryColumns={4}
      summary={
        group
          ? [
              { label: 'Security group name', value: group.groupName },
              { label: 'Security group ID', value: group.groupId },
              { label: 'Owner', value: group.ownerId },
              { label: 'VPC ID', value: group.vpcId },
              { label: 'Inbound rules count', value: entries(inbound) },
              { label: 'Outbound rules count', value: entries(outbound) },
            ]
          : undefined
      }
      sections={
        group && (
          <>
            {editing ? (
              <EditInboundRules
                group={group}
                onDone={(message) => {
                  setEditing(false);
                  if (message) setFlash(message);
                }}
              />
            ) : (
              <Container>
                <Tabs
                  tabs={[
                    {
                      id: 'inbound',
                      label: 'Inbound rules',
                      content: (
                        <SpaceBetween size="s">
                          <Header variant="h2" counter={`(${inbound.length})`} actions={<Button onClick={() => setEditing(true)}>Edit inbound rules</Button>}>
                            Inbound rules
                          </Header>
                          <RulesTable rows={inbound} label="Inbound rules" direction="Inbound" />
                        </SpaceBetween>
                      ),
                    },
                    {
                      id: 'outbound',
                      label: 'Outbound rules',
                      content: (
                        <SpaceBetween size="s">
                          <Header variant="h2" counter={`(${outbound.length})`}>
                            Outbound rules
                          </Header>
                          <RulesTable rows={outbound} label="Outbound rules" direction="Outbound" />
                        </SpaceBetween>
                      ),
                    },
                  ]}
                />
              </Container>
            )}
            <ReachabilityPanel group={group} />
          </>
        )
      }
    >
      {deleting && group && (
        <ConfirmDeleteModal
          header={`Delete ${group.groupName}?`}
          names={[group.groupName]}
          loading={remove.isPending}
          error={remove.error}
          onDismiss={() => {
            setDeleting(false);
            remove.reset();
          }}
          onConfirm={() => remove.mutateAsync(group.groupId).then(() => navigate('/ec2/security-groups'), () => {})}
        />
      )}
    </EntityDetailPage>
  );
}
