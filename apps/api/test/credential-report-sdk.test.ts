/**
 * The credential report through the real AWS SDK for JavaScript v3 over the Query API: a report
 * of several stored pages is streamed back inside GetCredentialReport's XML (the base64 written
 * as the pages are read) and the SDK reads it as one blob — AWS's CSV, every user once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import { startSdkServer, type SdkServer } from './sdk-server';
import { CREDENTIAL_REPORT_HEADER } from '../src/actions/account/account.credential-report';

let server: SdkServer;
let iam: IAMClient;
const USERS = 4500;

beforeAll(async () => {
  server = await startSdkServer('444455556666');
  iam = server.iam(server.root);
  const accountId = server.accountId;
  await server.database.db.user.createMany({
    data: Array.from({ length: USERS }, (_, i) => ({ id: `AIDASTREAM${String(i).padStart(11, '0')}`, accountId, name: `stream-${String(i).padStart(5, '0')}`, arn: `arn:aws:iam::${accountId}:user/stream-${String(i).padStart(5, '0')}` })),
  });
});
afterAll(async () => server?.close());

describe('GetCredentialReport over the Query API', () => {
  it('streams a report of several pages as one base64 blob the SDK decodes', async () => {
    const started = await iam.send(new GenerateCredentialReportCommand({}));
    expect(['STARTED', 'COMPLETE']).toContain(started.State);
    let report;
    for (let attempt = 0; !report; attempt++) {
      try {
        report = await iam.send(new GetCredentialReportCommand({}));
      } catch (error) {
        if (attempt > 50 || (error as { name?: string }).name !== 'CredentialReportNotReadyException') throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(report.ReportFormat).toBe('text/csv');
    expect(report.GeneratedTime).toBeInstanceOf(Date);
    const lines = Buffer.from(report.Content!).toString('utf8').split('\n');
    expect(lines[0]).toBe(CREDENTIAL_REPORT_HEADER.join(','));
    expect(lines[1]!.startsWith(`<root_account>,arn:aws:iam::${server.accountId}:root,`)).toBe(true);
    const names = lines.slice(2).map((line) => line.split(',')[0]);
    expect(names).toEqual(Array.from({ length: USERS }, (_, i) => `stream-${String(i).padStart(5, '0')}`));
    for (const line of lines) expect(line.split(',')).toHaveLength(22);
    expect(await server.database.db.credentialReportPage.count()).toBeGreaterThan(2);
  });
});
