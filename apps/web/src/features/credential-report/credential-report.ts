// The credential report's file: decoding GetCredentialReport's base64 content, the console's
// file name, and handing the file to the browser.

/** Base64 (GetCredentialReport's Content) → the CSV text, read as UTF-8. */
export function decodeReport(content: string): string {
  const binary = atob(content);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8').decode(bytes);
}

/** `status_reports_<timestamp>.csv`, with the report's generation time (colons are not allowed in file names everywhere). */
export function reportFileName(generatedTime: string): string {
  const date = new Date(generatedTime);
  const stamp = Number.isNaN(date.getTime()) ? generatedTime : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `status_reports_${stamp.replace(/:/g, '_')}.csv`;
}

/** Saves text as a file through a temporary object URL. */
export function saveFile(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
