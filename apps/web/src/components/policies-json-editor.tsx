// The policy JSON editor shared by the policies, roles and simulator screens: CodeMirror 6 with
// the policy engine's findings underlined live where they are, and a findings list below grouped
// like IAM Access Analyzer's (Security / Errors / Warnings / Suggestions). The engine is the same
// code the server validates with, so what the editor calls an ERROR the API refuses.
//
// Import this only from lazily loaded pages: CodeMirror and the engine must stay out of the
// first-load bundle.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import { json } from '@codemirror/lang-json';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { validatePolicy, type Finding, type FindingType, type PolicyType } from '@portcullis/policy';
import { basicSetup } from 'codemirror';
import { useEffect, useMemo, useRef } from 'react';

export type { Finding, FindingType, PolicyType };

const SEVERITY: Record<FindingType, Diagnostic['severity']> = {
  ERROR: 'error',
  SECURITY_WARNING: 'warning',
  WARNING: 'warning',
  SUGGESTION: 'info',
};

/** Access Analyzer's group names, in the console's order. */
export const FINDING_GROUPS: { type: FindingType; label: string }[] = [
  { type: 'SECURITY_WARNING', label: 'Security' },
  { type: 'ERROR', label: 'Errors' },
  { type: 'WARNING', label: 'Warnings' },
  { type: 'SUGGESTION', label: 'Suggestions' },
];

/** Runs the engine on the text; an empty list for read-only views. */
export function policyFindings(text: string, policyType: PolicyType, maxSize?: number): Finding[] {
  return validatePolicy(text, { policyType, ...(maxSize ? { maxSize } : {}) }).findings;
}

export function countFindings(findings: Finding[]): Record<FindingType, number> {
  const counts: Record<FindingType, number> = { ERROR: 0, SECURITY_WARNING: 0, WARNING: 0, SUGGESTION: 0 };
  for (const finding of findings) counts[finding.findingType]++;
  return counts;
}

export function hasErrors(findings: Finding[]): boolean {
  return findings.some((finding) => finding.findingType === 'ERROR');
}

/**
 * Findings → CodeMirror diagnostics: each located finding underlines its span (offsets are the
 * engine's 0-based UTF-16 indexes, CodeMirror's too); a finding without a span marks the start.
 * A zero-width span is widened by one character so the underline is visible.
 */
export function findingsToDiagnostics(findings: Finding[], docLength: number): Diagnostic[] {
  const clamp = (n: number) => Math.max(0, Math.min(n, docLength));
  return findings.map((finding) => {
    const span = finding.locations.find((location) => location.span)?.span;
    let from = clamp(span?.start.offset ?? 0);
    let to = clamp(span?.end.offset ?? from);
    if (to <= from) {
      if (from < docLength) to = from + 1;
      else from = Math.max(0, to - 1);
    }
    return { from, to, severity: SEVERITY[finding.findingType], message: finding.findingDetails, source: finding.issueCode };
  });
}

/** "Ln 3, Col 7" for a finding's first located position, if any. */
export function findingPosition(finding: Finding): { line: number; column: number; offset: number } | undefined {
  return finding.locations.find((location) => location.span)?.span?.start;
}

const INDICATOR: Record<FindingType, StatusIndicatorProps.Type> = {
  ERROR: 'error',
  SECURITY_WARNING: 'warning',
  WARNING: 'warning',
  SUGGESTION: 'info',
};

/** The findings under the editor, with counts per group like IAM Access Analyzer. */
export function PolicyFindingsList({ findings, onSelect }: { findings: Finding[]; onSelect?: (offset: number) => void }) {
  const counts = countFindings(findings);
  return (
    <div role="region" aria-label="Policy validation">
      <SpaceBetween size="xs">
        <SpaceBetween direction="horizontal" size="l">
          {FINDING_GROUPS.map((group) => (
            <Box key={group.type} variant="small" fontWeight="bold">
              {group.label}: {counts[group.type]}
            </Box>
          ))}
        </SpaceBetween>
        {findings.length === 0 ? (
          <StatusIndicator type="success">No findings. The policy is valid.</StatusIndicator>
        ) : (
          <ul aria-label="Findings" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {findings.map((finding, index) => {
              const position = findingPosition(finding);
              return (
                <li key={index}>
                  <SpaceBetween direction="horizontal" size="xs">
                    <StatusIndicator type={INDICATOR[finding.findingType]}>{FINDING_GROUPS.find((g) => g.type === finding.findingType)?.label.replace(/s$/, '')}</StatusIndicator>
                    {position &&
                      (onSelect ? (
                        <Button variant="inline-link" onClick={() => onSelect(position.offset)}>
                          {`Ln ${position.line}, Col ${position.column}`}
                        </Button>
                      ) : (
                        <span>{`Ln ${position.line}, Col ${position.column}`}</span>
                      ))}
                    <span>{finding.findingDetails}</span>
                    <Box variant="small" color="text-body-secondary">
                      {finding.issueCode}
                    </Box>
                  </SpaceBetween>
                </li>
              );
            })}
          </ul>
        )}
      </SpaceBetween>
    </div>
  );
}

export interface PoliciesJsonEditorProps {
  value: string;
  onChange?: (value: string) => void;
  /** Access Analyzer's policy type: IDENTITY_POLICY for permissions, TRUST_POLICY for roles. */
  policyType: PolicyType;
  /** The accessible name of the editing area. */
  ariaLabel: string;
  readOnly?: boolean;
  /** Size limit in non-whitespace characters (defaults to the engine's, 6,144 for identity policies). */
  maxSize?: number;
  /** Called whenever the findings change. */
  onFindings?: (findings: Finding[]) => void;
  /** Show the findings list under the editor (default: when editable). */
  showFindings?: boolean;
  height?: number;
}

/** CodeMirror with the policy engine's findings, live. */
export function PoliciesJsonEditor({
  value,
  onChange,
  policyType,
  ariaLabel,
  readOnly = false,
  maxSize,
  onFindings,
  showFindings = !readOnly,
  height = 360,
}: PoliciesJsonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const findings = useMemo(() => (readOnly ? [] : policyFindings(value, policyType, maxSize)), [value, policyType, maxSize, readOnly]);

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          json(),
          lintGutter(),
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({ 'aria-label': ariaLabel, ...(readOnly ? { 'aria-readonly': 'true' } : {}) }),
          EditorView.theme({
            '&': { height: `${height}px`, border: '1px solid #8c8c94', borderRadius: '8px', fontSize: '13px' },
            '.cm-scroller': { fontFamily: 'Monaco, Menlo, Consolas, monospace' },
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once per mode; later value changes are applied below.
  }, [readOnly, ariaLabel, height]);

  // A value changed from outside (the visual editor, a reset): replace the text.
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch(setDiagnostics(editor.state, findingsToDiagnostics(findings, editor.state.doc.length)));
  }, [findings]);

  useEffect(() => {
    onFindings?.(findings);
  }, [findings, onFindings]);

  const select = (offset: number) => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch({ selection: { anchor: Math.min(offset, editor.state.doc.length) }, scrollIntoView: true });
    editor.focus();
  };

  return (
    <SpaceBetween size="s">
      <div ref={host} data-testid="policy-json-editor" />
      {showFindings && <PolicyFindingsList findings={findings} onSelect={select} />}
    </SpaceBetween>
  );
}
