// The credential report: GenerateCredentialReport, then GetCredentialReport (base64 CSV).
import { useMutation } from '@tanstack/react-query';
import { isApiError } from '../client.ts';
import { callIam } from './policies.ts';

export interface CredentialReport {
  Content: string;
  ReportFormat: string;
  GeneratedTime: string;
}

/** GenerateCredentialReport, then GetCredentialReport until it is there (at most a few tries). */
export async function fetchCredentialReport(): Promise<CredentialReport> {
  await callIam<{ State: string }>('GenerateCredentialReport');
  for (let attempt = 0; ; attempt++) {
    try {
      return await callIam<CredentialReport>('GetCredentialReport');
    } catch (error) {
      if (attempt < 5 && (isApiError(error, 'ReportInProgress') || isApiError(error, 'ReportNotPresent'))) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      throw error;
    }
  }
}

export function useCredentialReportMutation() {
  return useMutation({ mutationFn: fetchCredentialReport });
}
