// The visual policy editor: permission blocks of service → actions → resources → request
// conditions, as in the IAM console. It edits VisualBlock[]; the parent turns them into JSON.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import TextFilter from '@cloudscape-design/components/text-filter';
import { useState } from 'react';
import { ACCESS_LEVELS, findService, SERVICES } from './service-catalog.ts';
import { emptyBlock, type VisualBlock, type VisualCondition } from './visual-model.ts';

const OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'ArnEquals', 'ArnLike', 'ArnNotLike', 'NumericEquals', 'NumericLessThan', 'NumericGreaterThan',
  'DateLessThan', 'DateGreaterThan', 'Bool', 'BoolIfExists', 'IpAddress', 'NotIpAddress', 'Null',
].map((value) => ({ value, label: value }));

const MFA: VisualCondition = { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] };
const isSourceIp = (c: VisualCondition) => c.operator === 'IpAddress' && c.key.toLowerCase() === 'aws:sourceip';
const isMfa = (c: VisualCondition) => c.operator === 'Bool' && c.key.toLowerCase() === 'aws:multifactorauthpresent';

function BlockEditor({ block, index, onChange, onRemove }: { block: VisualBlock; index: number; onChange: (block: VisualBlock) => void; onRemove?: () => void }) {
  const [filter, setFilter] = useState('');
  const [manualAction, setManualAction] = useState('');
  const service = findService(block.service);
  const all = block.actions.includes('*');
  const set = (patch: Partial<VisualBlock>) => onChange({ ...block, ...patch });
  const toggle = (action: string, checked: boolean) =>
    set({ actions: checked ? [...block.actions.filter((a) => a !== '*'), action] : block.actions.filter((a) => a !== action) });
  const known = new Set(service ? ACCESS_LEVELS.flatMap((level) => service.actions[level]) : []);
  const extra = block.actions.filter((action) => action !== '*' && !known.has(action));
  const label = service ? service.name : block.service || 'Select a service';

  return (
    <Container
      header={
        <Header
          variant="h3"
          actions={onRemove && <Button onClick={onRemove} ariaLabel={`Remove permission block ${index + 1}`}>Remove</Button>}
          description={block.effect === 'Deny' ? 'Deny permissions' : 'Allow permissions'}
        >
          {`${label} (block ${index + 1})`}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ColumnLayout columns={2}>
          <FormField label="Service">
            <Select
              ariaLabel={`Service for permission block ${index + 1}`}
              selectedOption={block.service ? { value: block.service, label: service ? `${service.name} (${service.prefix})` : block.service } : null}
              placeholder="Choose a service"
              filteringType="auto"
              options={SERVICES.map((s) => ({ value: s.prefix, label: `${s.name} (${s.prefix})` }))}
              onChange={({ detail }) => set({ service: detail.selectedOption.value ?? '', actions: [] })}
            />
          </FormField>
          <FormField label="Effect">
            <RadioGroup
              ariaLabel={`Effect for permission block ${index + 1}`}
              value={block.effect}
              items={[
                { value: 'Allow', label: 'Allow' },
                { value: 'Deny', label: 'Deny' },
              ]}
              onChange={({ detail }) => set({ effect: detail.value === 'Deny' ? 'Deny' : 'Allow' })}
            />
          </FormField>
        </ColumnLayout>

        {block.service !== '' && (
          <FormField label="Actions allowed" description="Specify actions from the service to be allowed or denied.">
            <SpaceBetween size="s">
              <Checkbox checked={all} onChange={({ detail }) => set({ actions: detail.checked ? ['*'] : [] })}>
                {`All ${label} actions (${block.service}:*)`}
              </Checkbox>
              {!all && service && (
                <>
                  <TextFilter
                    filteringText={filter}
                    filteringPlaceholder="Filter actions"
                    filteringAriaLabel={`Filter actions for permission block ${index + 1}`}
                    onChange={({ detail }) => setFilter(detail.filteringText)}
                  />
                  {ACCESS_LEVELS.map((level) => {
                    const actions = service.actions[level].filter((a) => a.toLowerCase().includes(filter.toLowerCase()));
                    if (actions.length === 0) return null;
                    const chosen = actions.filter((a) => block.actions.includes(a)).length;
                    return (
                      <ExpandableSection key={`${level}-${filter !== ''}`} headerText={`${level} (${chosen} selected)`} defaultExpanded={filter !== '' || chosen > 0}>
                        <ColumnLayout columns={3}>
                          {actions.map((action) => (
                            <Checkbox key={action} checked={block.actions.includes(action)} onChange={({ detail }) => toggle(action, detail.checked)}>
                              {action}
                            </Checkbox>
                          ))}
                        </ColumnLayout>
                      </ExpandableSection>
                    );
                  })}
                </>
              )}
              {!all && (
                <SpaceBetween direction="horizontal" size="xs">
                  <Input
                    ariaLabel={`Action name for permission block ${index + 1}`}
                    placeholder="Action name, wildcards allowed (e.g. Get*)"
                    value={manualAction}
                    onChange={({ detail }) => setManualAction(detail.value)}
                  />
                  <Button
                    onClick={() => {
                      const name = manualAction.trim().replace(new RegExp(`^${block.service}:`, 'i'), '');
                      if (name && !block.actions.includes(name)) set({ actions: [...block.actions, name] });
                      setManualAction('');
                    }}
                  >
                    Add action
                  </Button>
                </SpaceBetween>
              )}
              {extra.length > 0 && (
                <SpaceBetween direction="horizontal" size="xs">
                  {extra.map((action) => (
                    <Checkbox key={action} checked onChange={() => toggle(action, false)}>
                      {action}
                    </Checkbox>
                  ))}
                </SpaceBetween>
              )}
            </SpaceBetween>
          </FormField>
        )}

        {block.service !== '' && (
          <FormField label="Resources">
            <SpaceBetween size="s">
              <RadioGroup
                ariaLabel={`Resources for permission block ${index + 1}`}
                value={block.allResources ? 'all' : 'specific'}
                items={[
                  { value: 'specific', label: 'Specific', description: 'Apply to the resources whose ARNs you list.' },
                  { value: 'all', label: 'All resources', description: 'Apply to all resources (*).' },
                ]}
                onChange={({ detail }) => set({ allResources: detail.value === 'all', resources: detail.value === 'all' ? [] : block.resources.length ? block.resources : [''] })}
              />
              {!block.allResources &&
                block.resources.map((arn, i) => (
                  <SpaceBetween key={i} direction="horizontal" size="xs">
                    <Input
                      ariaLabel={`Resource ARN ${i + 1} for permission block ${index + 1}`}
                      placeholder={`arn:aws:${block.service}:::resource`}
                      value={arn}
                      onChange={({ detail }) => set({ resources: block.resources.map((r, j) => (j === i ? detail.value : r)) })}
                    />
                    <Button onClick={() => set({ resources: block.resources.filter((_r, j) => j !== i) })}>Remove</Button>
                  </SpaceBetween>
                ))}
              {!block.allResources && <Button onClick={() => set({ resources: [...block.resources, ''] })}>Add ARN</Button>}
            </SpaceBetween>
          </FormField>
        )}

        {block.service !== '' && (
          <FormField label="Request conditions - optional">
            <SpaceBetween size="s">
              <Checkbox
                checked={block.conditions.some(isMfa)}
                onChange={({ detail }) => set({ conditions: detail.checked ? [...block.conditions, MFA] : block.conditions.filter((c) => !isMfa(c)) })}
              >
                Require MFA
              </Checkbox>
              <Checkbox
                checked={block.conditions.some(isSourceIp)}
                onChange={({ detail }) =>
                  set({ conditions: detail.checked ? [...block.conditions, { operator: 'IpAddress', key: 'aws:SourceIp', values: [] }] : block.conditions.filter((c) => !isSourceIp(c)) })
                }
              >
                Source IP (enter the CIDR ranges as the condition values below)
              </Checkbox>
              {block.conditions.map((condition, i) =>
                isMfa(condition) ? null : (
                  <ColumnLayout key={i} columns={4}>
                    <Input
                      ariaLabel={`Condition key ${i + 1}`}
                      placeholder="aws:SourceIp"
                      value={condition.key}
                      onChange={({ detail }) => set({ conditions: block.conditions.map((c, j) => (j === i ? { ...c, key: detail.value } : c)) })}
                    />
                    <Select
                      ariaLabel={`Condition operator ${i + 1}`}
                      selectedOption={{ value: condition.operator, label: condition.operator }}
                      options={OPERATORS}
                      onChange={({ detail }) =>
                        set({ conditions: block.conditions.map((c, j) => (j === i ? { ...c, operator: detail.selectedOption.value ?? c.operator } : c)) })
                      }
                    />
                    <Input
                      ariaLabel={`Condition values ${i + 1}`}
                      placeholder="Values, comma-separated"
                      value={condition.values.join(', ')}
                      onChange={({ detail }) =>
                        set({
                          conditions: block.conditions.map((c, j) =>
                            j === i ? { ...c, values: detail.value.split(',').map((v) => v.trim()).filter((v) => v !== '') } : c,
                          ),
                        })
                      }
                    />
                    <Button onClick={() => set({ conditions: block.conditions.filter((_c, j) => j !== i) })}>Remove</Button>
                  </ColumnLayout>
                ),
              )}
              <Button onClick={() => set({ conditions: [...block.conditions, { operator: 'StringEquals', key: '', values: [] }] })}>Add condition</Button>
            </SpaceBetween>
          </FormField>
        )}
      </SpaceBetween>
    </Container>
  );
}

/** All permission blocks, with "Add more permissions". */
export function VisualEditor({ blocks, onChange }: { blocks: VisualBlock[]; onChange: (blocks: VisualBlock[]) => void }) {
  const shown = blocks.length ? blocks : [emptyBlock()];
  return (
    <SpaceBetween size="m">
      {shown.map((block, index) => (
        <BlockEditor
          key={index}
          block={block}
          index={index}
          onChange={(next) => onChange(shown.map((b, i) => (i === index ? next : b)))}
          {...(shown.length > 1 ? { onRemove: () => onChange(shown.filter((_b, i) => i !== index)) } : {})}
        />
      ))}
      <Box>
        <Button iconName="add-plus" onClick={() => onChange([...shown, emptyBlock()])}>
          Add more permissions
        </Button>
      </Box>
    </SpaceBetween>
  );
}
