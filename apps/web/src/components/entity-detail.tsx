// The frame of every detail page (user, group, role, identity provider, AMI, snapshot, security
// group): the name as the page heading with its actions, flash notifications, a Summary of
// key/value pairs and the tabs or sections, or the load error in place of it all. A feature
// passes configuration, not layout.
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs, { type KeyValuePairsProps } from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tabs, { type TabsProps } from '@cloudscape-design/components/tabs';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { ApiErrorAlert } from './api-error-alert.tsx';

/** An onFollow handler for Cloudscape links and buttons that navigates inside the app. */
export function useFollow() {
  const navigate = useNavigate();
  return (href: string) => (event: CustomEvent) => {
    event.preventDefault();
    void navigate(href);
  };
}

/** An ARN with the console's copy button. */
export function ArnCopy({ arn, label = 'ARN' }: { arn: string; label?: string }) {
  return <CopyToClipboard variant="inline" textToCopy={arn} copyButtonAriaLabel={`Copy ${label}`} copySuccessText={`${label} copied`} copyErrorText={`${label} failed to copy`} />;
}

export type SummaryItem = KeyValuePairsProps.Pair;

export interface EntityDetailPageProps {
  /** The entity's name: the page's only level-1 heading. */
  title: string;
  description?: ReactNode;
  /** Header actions (Delete, Simulate …). */
  actions?: ReactNode;
  notifications?: ReactNode;
  /** A load error replaces the summary and tabs. */
  error?: unknown;
  errorHeader?: string;
  errorAction?: ReactNode;
  /** The Summary's pairs; undefined while loading. */
  summary: SummaryItem[] | undefined;
  /** The Summary's heading (EC2 names it after the resource: "AMI summary", "Details"). */
  summaryTitle?: string;
  summaryColumns?: number;
  summaryActions?: ReactNode;
  /** Shown above the Summary (a notice, a success alert). */
  banner?: ReactNode;
  /** The tabs under the Summary (rendered once the summary has loaded). */
  tabs?: TabsProps.Tab[] | undefined;
  initialTab?: string;
  /** Content under the Summary instead of (or after) tabs: sections of a simpler page. */
  sections?: ReactNode;
  /** Modals and other overlays. */
  children?: ReactNode;
}

export function EntityDetailPage({
  title,
  description,
  actions,
  notifications,
  error,
  errorHeader = 'The resource could not be loaded',
  errorAction,
  summary,
  summaryTitle = 'Summary',
  summaryColumns = 3,
  summaryActions,
  banner,
  tabs,
  initialTab,
  sections,
  children,
}: EntityDetailPageProps) {
  // The tabs arrive with the entity: until one is chosen, the initial (or first) one is active.
  const [chosen, setChosen] = useState<string | undefined>(initialTab);
  const tab = chosen !== undefined && tabs?.some((t) => t.id === chosen) ? chosen : tabs?.[0]?.id;
  if (error !== undefined && error !== null) {
    return (
      <ContentLayout header={<Header variant="h1">{title}</Header>}>
        <ApiErrorAlert error={error} header={errorHeader} action={errorAction} />
      </ContentLayout>
    );
  }
  return (
    <ContentLayout
      notifications={notifications}
      header={
        <Header variant="h1" description={description} actions={actions}>
          {title}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {banner}
        <Container header={<Header variant="h2" actions={summaryActions}>{summaryTitle}</Header>}>
          {summary ? <KeyValuePairs columns={summaryColumns} items={summary} /> : <Box>Loading</Box>}
        </Container>
        {summary && tabs && tabs.length > 0 && <Tabs {...(tab !== undefined ? { activeTabId: tab } : {})} onChange={({ detail }) => setChosen(detail.activeTabId)} tabs={tabs} />}
        {summary && sections}
      </SpaceBetween>
      {children}
    </ContentLayout>
  );
}
