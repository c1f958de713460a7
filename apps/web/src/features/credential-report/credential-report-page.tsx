// Credential report: GenerateCredentialReport then GetCredentialReport, downloaded as
// status_reports_<timestamp>.csv, with the report shown below for a quick look.
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Papa from 'papaparse';
import { useState } from 'react';
import { useCredentialReportMutation } from '../../api/queries/credential-report.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { formatDateTime } from '../../components/date-format.ts';
import { decodeReport, reportFileName, saveFile } from './credential-report.ts';

const COLUMNS = ['user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'mfa_active', 'access_key_1_active', 'access_key_2_active'];

export function CredentialReportPage() {
  const report = useCredentialReportMutation();
  const [rows, setRows] = useState<Record<string, string>[] | null>(null);
  const [generated, setGenerated] = useState<{ time: string; file: string } | null>(null);

  const download = () =>
    report.mutate(undefined, {
      onSuccess: (result) => {
        const csv = decodeReport(result.Content);
        const file = reportFileName(result.GeneratedTime);
        saveFile(file, csv);
        setGenerated({ time: result.GeneratedTime, file });
        setRows(Papa.parse<Record<string, string>>(csv.trim(), { header: true, skipEmptyLines: true }).data);
      },
    });

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description="The credential report lists all users in the account and the status of their credentials: passwords, access keys and MFA devices. A new report is generated at most every four hours."
          actions={
            <Button variant="primary" loading={report.isPending} onClick={download}>
              Download credentials report
            </Button>
          }
        >
          Credential report
        </Header>
      }
    >
      <SpaceBetween size="l">
        {report.isError && <ApiErrorAlert error={report.error} header="The credential report could not be downloaded" />}
        {generated && (
          <Container header={<Header variant="h2">Latest report</Header>}>
            <KeyValuePairs
              columns={2}
              items={[
                { label: 'Generated', value: formatDateTime(generated.time) },
                { label: 'File', value: generated.file },
              ]}
            />
          </Container>
        )}
        {rows ? (
          <Table
            items={rows}
            ariaLabels={{ tableLabel: 'Credential report' }}
            header={<Header variant="h2" counter={`(${rows.length})`}>Report contents</Header>}
            columnDefinitions={COLUMNS.map((column) => ({ id: column, header: column, cell: (row: Record<string, string>) => row[column] ?? '' }))}
            wrapLines
          />
        ) : (
          !report.isError && <Box color="text-body-secondary">Choose Download credentials report to generate the report and save it as a CSV file.</Box>
        )}
      </SpaceBetween>
    </ContentLayout>
  );
}
