// A role session — signed in through an identity provider (SAML, OIDC), or an IAM user's switched
// role — has no console password and no long-term credentials of its own: the user menu does not
// offer "Change password" or "My security credentials" to it, and the pages say why when opened
// directly (their actions would act on the role session, which AWS refuses or which is not meant).
import Alert from '@cloudscape-design/components/alert';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import type { Session } from '../api/queries/session.ts';

/** Why `session` has no own password or credentials pages (undefined for an IAM user or root acting as themselves). */
export function roleSessionReason(session: Pick<Session, 'principal' | 'switchedRole'> | null | undefined): string | undefined {
  if (!session) return undefined;
  if (session.principal.type === 'federated') {
    return `You signed in through your identity provider as the role session ${session.principal.arn}. A role session has no console password or long-term credentials of its own: manage your password and credentials at your identity provider.`;
  }
  if (session.switchedRole) {
    const user = session.principal.userName ?? 'your user';
    return `You are using the role ${session.switchedRole.roleName}, which has no console password or long-term credentials of its own. Switch back to ${user} to manage ${user}'s.`;
  }
  return undefined;
}

/** The page a role session sees instead of `title`. */
export function RoleSessionNotice({ title, reason }: { title: string; reason: string }) {
  return (
    <ContentLayout header={<Header variant="h1">{title}</Header>}>
      <Alert type="info" header={`${title} is not available to role sessions`}>
        {reason}
      </Alert>
    </ContentLayout>
  );
}
