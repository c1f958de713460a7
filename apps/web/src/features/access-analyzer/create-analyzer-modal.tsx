// "Create analyzer": what it looks for (external access, or unused access with its tracking
// period) and its zone of trust (the account, or the organization it manages), as AWS's console;
// and the tracking period of an unused access analyzer changed (UpdateAnalyzer, which rescans).
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { useCreateAnalyzerMutation, useUpdateAnalyzerMutation, type AnalyzerSummary, type AnalyzerType } from '../../api/queries/access-analyzer.ts';
import { FormModal } from '../../components/form-modal.tsx';

type Analysis = 'external' | 'unused';
type Zone = 'ACCOUNT' | 'ORGANIZATION';

/** AWS's analyzer name (model shape Name): 1–255 characters, a letter first, then letters, digits, _ . - */
const ANALYZER_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,254}$/;
export const DEFAULT_TRACKING_DAYS = 90;

export function analyzerNameError(name: string): string | undefined {
  return ANALYZER_NAME.test(name) ? undefined : 'The name must be 1 to 255 characters: letters, numbers, _ . and -, starting with a letter.';
}

/** The tracking period: whole days from 1 to 365 (UnusedAccessConfiguration.unusedAccessAge). */
export function trackingPeriodError(days: string): string | undefined {
  const n = Number(days);
  return /^\d+$/.test(days.trim()) && n >= 1 && n <= 365 ? undefined : 'Enter a number of days from 1 to 365.';
}

/** The analyzer type of an analysis and zone: ACCOUNT, ORGANIZATION_UNUSED_ACCESS… */
export const analyzerTypeOf = (analysis: Analysis, zone: Zone): AnalyzerType => (analysis === 'external' ? zone : `${zone}_UNUSED_ACCESS`);

/** The name the console suggests, as AWS's: ExternalAccess-ConsoleAnalyzer-<random>. */
const suggestedName = (analysis: Analysis) => `${analysis === 'external' ? 'ExternalAccess' : 'UnusedAccess'}-ConsoleAnalyzer-${crypto.randomUUID().slice(0, 8)}`;

export function CreateAnalyzerModal({ onClose, onCreated }: { onClose: () => void; onCreated: (analyzer: Pick<AnalyzerSummary, 'name' | 'type' | 'arn'>) => void }) {
  const create = useCreateAnalyzerMutation();
  const [analysis, setAnalysis] = useState<Analysis>('external');
  const [zone, setZone] = useState<Zone>('ACCOUNT');
  const [name, setName] = useState(() => suggestedName('external'));
  const [nameEdited, setNameEdited] = useState(false);
  const [days, setDays] = useState(String(DEFAULT_TRACKING_DAYS));
  const [tried, setTried] = useState(false);
  const nameError = analyzerNameError(name);
  const daysError = analysis === 'unused' ? trackingPeriodError(days) : undefined;

  const submit = () => {
    setTried(true);
    if (nameError || daysError) return;
    const type = analyzerTypeOf(analysis, zone);
    create.mutate(
      { analyzerName: name, type, ...(analysis === 'unused' ? { configuration: { unusedAccess: { unusedAccessAge: Number(days) } } } : {}) },
      { onSuccess: ({ arn }) => onCreated({ name, type, arn }) },
    );
  };

  return (
    <FormModal header="Create analyzer" submitLabel="Create analyzer" onSubmit={submit} onClose={onClose} loading={create.isPending} size="medium" error={create.error} errorHeader="The analyzer could not be created">
      <SpaceBetween size="l">
        <FormField label="Findings type">
          <RadioGroup
            ariaLabel="Findings type"
            value={analysis}
            onChange={({ detail }) => {
              const next = detail.value as Analysis;
              setAnalysis(next);
              if (!nameEdited) setName(suggestedName(next));
            }}
            items={[
              { value: 'external', label: 'External access analysis', description: 'Principals outside the zone of trust that can reach its roles, AMIs and snapshots.' },
              { value: 'unused', label: 'Unused access analysis', description: 'Roles, access keys, passwords and permissions in the zone of trust that go unused.' },
            ]}
          />
        </FormField>
        <FormField label="Name" errorText={tried ? nameError : undefined}>
          <Input
            value={name}
            onChange={({ detail }) => {
              setName(detail.value);
              setNameEdited(true);
            }}
          />
        </FormField>
        {analysis === 'unused' && (
          <FormField label="Tracking period" description="Findings are generated for access not used within this many days (1 to 365)." errorText={tried ? daysError : undefined}>
            <Input type="number" inputMode="numeric" value={days} onChange={({ detail }) => setDays(detail.value)} ariaLabel="Tracking period in days" />
          </FormField>
        )}
        <FormField label="Zone of trust">
          <RadioGroup
            ariaLabel="Zone of trust"
            value={zone}
            onChange={({ detail }) => setZone(detail.value as Zone)}
            items={[
              { value: 'ACCOUNT', label: 'Current account', description: 'The analyzer looks at this account.' },
              { value: 'ORGANIZATION', label: 'Current organization', description: 'Every account of the organization this account manages.' },
            ]}
          />
        </FormField>
      </SpaceBetween>
    </FormModal>
  );
}

export function EditTrackingPeriodModal({ analyzer, onClose, onSaved }: { analyzer: AnalyzerSummary; onClose: () => void; onSaved: () => void }) {
  const update = useUpdateAnalyzerMutation();
  const [days, setDays] = useState(String(analyzer.configuration?.unusedAccess?.unusedAccessAge ?? DEFAULT_TRACKING_DAYS));
  const daysError = trackingPeriodError(days);
  const submit = () => {
    if (daysError) return;
    const configuration = { unusedAccess: { ...analyzer.configuration?.unusedAccess, unusedAccessAge: Number(days) } };
    update.mutate({ analyzerName: analyzer.name, configuration }, { onSuccess: onSaved });
  };
  return (
    <FormModal header="Edit tracking period" submitLabel="Save changes" onSubmit={submit} onClose={onClose} loading={update.isPending} disabled={daysError !== undefined} error={update.error} errorHeader="The analyzer could not be updated">
      <FormField label="Tracking period" description="Findings are generated for access not used within this many days (1 to 365). The analyzer rescans when saved." errorText={daysError}>
        <Input type="number" inputMode="numeric" value={days} onChange={({ detail }) => setDays(detail.value)} ariaLabel="Tracking period in days" />
      </FormField>
    </FormModal>
  );
}
