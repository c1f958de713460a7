// "Switch role", as in the AWS console: account (ID or alias), role name, and the display name
// and colour the console then shows in the top navigation; prefilled from the link a role's
// summary page offers (/switchrole?account=…&roleName=…, with displayName and color as AWS's
// link accepts them). The switch is remembered in the browser's role history.
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tiles from '@cloudscape-design/components/tiles';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useSwitchRoleMutation } from '../../api/queries/session.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { DISPLAY_NAME_MAX, ROLE_COLORS, bareRoleName, displayNameError, parseRoleColor, rememberRole, type RoleColorId } from './role-history.ts';

/** A colour choice: its swatch and name (the name is what screen readers announce). */
function Swatch({ label, value }: { label: string; value: string | null }) {
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
      <span
        aria-hidden="true"
        style={{
          display: 'inline-block',
          width: 16,
          height: 16,
          borderRadius: 4,
          border: '1px solid #7d8998',
          background: value ?? 'repeating-linear-gradient(45deg, transparent 0 3px, #7d8998 3px 4px)',
        }}
      />
      {label}
    </span>
  );
}

/** Account ID (12 digits) or alias (3–63 lowercase DNS-style characters). */
export function accountError(value: string): string | undefined {
  if (!value) return 'Enter an account ID or alias.';
  if (/^\d{12}$/.test(value) || /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(value)) return undefined;
  return 'Enter a 12-digit account ID or an account alias.';
}

export function roleNameError(value: string): string | undefined {
  if (!value) return 'Enter a role name.';
  return /^[\w+=,.@/-]{1,576}$/.test(value) ? undefined : 'Role names can contain letters, digits and +=,.@_-/ only.';
}

export function SwitchRolePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [account, setAccount] = useState(params.get('account') ?? '');
  const [roleName, setRoleName] = useState(params.get('roleName') ?? '');
  const [displayName, setDisplayName] = useState(params.get('displayName') ?? '');
  const [color, setColor] = useState<RoleColorId>(parseRoleColor(params.get('color')));
  const [submitted, setSubmitted] = useState(false);
  const switchRole = useSwitchRoleMutation();
  const errors = { account: accountError(account), roleName: roleNameError(roleName), displayName: displayNameError(displayName) };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (errors.account || errors.roleName || errors.displayName) return;
    switchRole.mutate(
      { account, roleName },
      {
        onSuccess: (switched) => {
          if (switched.switchedRole) {
            rememberRole(switched.principal.arn, { account, accountId: switched.switchedRole.accountId, roleName, displayName: displayName.trim() || bareRoleName(roleName), color });
          }
          void navigate('/');
        },
      },
    );
  };

  return (
    <ContentLayout header={<Header variant="h1" description="Act as a role in this or another account, with that role's permissions.">Switch role</Header>}>
      <form onSubmit={onSubmit}>
        <Form
          errorText={switchRole.error ? <ApiErrorAlert error={switchRole.error} /> : undefined}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => void navigate(-1)}>
                Cancel
              </Button>
              <Button variant="primary" formAction="submit" loading={switchRole.isPending}>
                Switch role
              </Button>
            </SpaceBetween>
          }
        >
          <Container>
            <SpaceBetween size="m">
              <FormField label="Account ID or alias" errorText={submitted ? errors.account : undefined}>
                <Input value={account} onChange={({ detail }) => setAccount(detail.value.trim())} ariaLabel="Account ID or alias" />
              </FormField>
              <FormField label="IAM role name" errorText={submitted ? errors.roleName : undefined}>
                <Input value={roleName} onChange={({ detail }) => setRoleName(detail.value.trim())} ariaLabel="IAM role name" />
              </FormField>
              <FormField
                label={
                  <>
                    Display name - <i>optional</i>
                  </>
                }
                description="What the top navigation shows while you use the role. Defaults to the role name."
                constraintText={`Up to ${DISPLAY_NAME_MAX} characters.`}
                errorText={submitted ? errors.displayName : undefined}
              >
                <Input value={displayName} placeholder={bareRoleName(roleName) || undefined} onChange={({ detail }) => setDisplayName(detail.value)} ariaLabel="Display name" />
              </FormField>
              <FormField label="Display color" description="The colour of the role's label in the top navigation.">
                <Tiles
                  ariaLabel="Display color"
                  columns={3}
                  value={color}
                  onChange={({ detail }) => setColor(parseRoleColor(detail.value))}
                  items={ROLE_COLORS.map((c) => ({ value: c.id, label: <Swatch label={c.label} value={c.value} /> }))}
                />
              </FormField>
            </SpaceBetween>
          </Container>
        </Form>
      </form>
    </ContentLayout>
  );
}
