// "Specify permissions": the Visual / JSON tabs over one policy text, as in the IAM console.
// The JSON text is the source of truth; the visual editor regenerates it on every change and
// reads it back when its tab opens (or says the policy can only be edited in JSON).
import Alert from '@cloudscape-design/components/alert';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { PoliciesJsonEditor, PolicyFindingsList, policyFindings } from '../../components/policies-json-editor.tsx';
import { VisualEditor } from './visual-editor.tsx';
import { blocksToJson, policyToBlocks, type VisualBlock } from './visual-model.ts';

export type EditorMode = 'visual' | 'json';

export function PolicyPermissionsEditor({
  text,
  onChange,
  initialMode = 'visual',
  ariaLabel = 'Policy editor',
  maxSize,
}: {
  text: string;
  onChange: (text: string) => void;
  initialMode?: EditorMode;
  /** The accessible name of the JSON editing area. */
  ariaLabel?: string;
  /** Size limit in non-whitespace characters (inline policies: 2,048 for users, 5,120 for groups, 10,240 for roles). */
  maxSize?: number;
}) {
  const [mode, setMode] = useState<EditorMode>(initialMode);
  const [blocks, setBlocks] = useState<VisualBlock[] | null>(() => policyToBlocks(text));

  const switchTo = (next: EditorMode) => {
    if (next === 'visual') setBlocks(policyToBlocks(text));
    setMode(next);
  };

  return (
    <SpaceBetween size="m">
      <SegmentedControl
        label="Policy editor"
        selectedId={mode}
        options={[
          { id: 'visual', text: 'Visual' },
          { id: 'json', text: 'JSON' },
        ]}
        onChange={({ detail }) => switchTo(detail.selectedId as EditorMode)}
      />
      {mode === 'json' && <PoliciesJsonEditor value={text} onChange={onChange} policyType="IDENTITY_POLICY" ariaLabel={ariaLabel} {...(maxSize ? { maxSize } : {})} />}
      {mode === 'visual' &&
        (blocks === null ? (
          <Alert type="info" header="This policy can only be edited in JSON">
            The visual editor shows statements with one service, Effect, Action, Resource and simple conditions. Switch to JSON to edit this policy.
          </Alert>
        ) : (
          <SpaceBetween size="m">
            <VisualEditor
              blocks={blocks}
              onChange={(next) => {
                setBlocks(next);
                onChange(blocksToJson(next));
              }}
            />
            <PolicyFindingsList findings={policyFindings(text, 'IDENTITY_POLICY', maxSize)} />
          </SpaceBetween>
        ))}
    </SpaceBetween>
  );
}
