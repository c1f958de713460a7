// Sign-in, shaped like AWS's: choose Root user (email + password) or IAM user (account ID or
// alias, user name, password).
import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { isMfaChallenge, useSignInStepMutation, type SignInReply } from '../../api/queries/mfa.ts';
import { sessionQuery, type SignInRequest } from '../../api/queries/session.ts';
import type { SetupResult } from '../../api/queries/setup.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { MfaSignInStep } from './mfa-sign-in-step.tsx';
import { FederatedSignInLinks } from './federated-sign-in-links.tsx';

type Kind = 'root' | 'iam';

interface SignInLocationState {
  from?: string;
  setupComplete?: SetupResult;
}

// The AWS console's wording: it deliberately does not say which of the fields was wrong.
const INVALID_CREDENTIALS = 'Your authentication information is incorrect. Please try again.';

export function SignInPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const state = (location.state ?? {}) as SignInLocationState;
  const session = useQuery(sessionQuery);
  const signIn = useSignInStepMutation();
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [mfaDone, setMfaDone] = useState(false);

  // A sign-in link for IAM users (/signin?account=123456789012) opens on the IAM user form.
  const accountParam = searchParams.get('account') ?? '';
  const [kind, setKind] = useState<Kind>(accountParam ? 'iam' : 'root');
  const [email, setEmail] = useState(state.setupComplete?.rootEmail ?? '');
  const [account, setAccount] = useState(accountParam);
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Set<string>>(new Set());

  if (session.data && !signIn.isPending && !signIn.isSuccess && !mfaDone) {
    return <Navigate to={session.data.mustChangePassword ? '/change-password' : (state.from ?? '/')} replace />;
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const required: Record<string, string> =
      kind === 'root' ? { email, password } : { account, userName, password };
    const empty = new Set(Object.entries(required).filter(([, value]) => value.trim() === '').map(([name]) => name));
    setMissing(empty);
    if (empty.size > 0) return;
    const body: SignInRequest =
      kind === 'root'
        ? { kind: 'root', email: email.trim(), password }
        : { kind: 'iam', account: account.trim(), userName: userName.trim(), password };
    signIn.mutate(body, {
      onSuccess: (reply: SignInReply) => {
        setPassword('');
        if (isMfaChallenge(reply)) setMfaToken(reply.mfaToken);
        else void navigate(reply.mustChangePassword ? '/change-password' : (state.from ?? '/'), { replace: true });
      },
      onError: () => setPassword(''),
    });
  };

  const requiredError = (name: string, message: string) => (missing.has(name) ? message : undefined);

  if (mfaToken) {
    return (
      <MfaSignInStep
        mfaToken={mfaToken}
        onSignedIn={(mustChangePassword) => {
          setMfaDone(true);
          void navigate(mustChangePassword ? '/change-password' : (state.from ?? '/'), { replace: true });
        }}
        onCancel={() => {
          setMfaToken(null);
          signIn.reset();
        }}
      />
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Form
        actions={
          <Button variant="primary" formAction="submit" loading={signIn.isPending}>
            Sign in
          </Button>
        }
      >
        <SpaceBetween size="l">
          {state.setupComplete && !signIn.isError && (
            <Alert type="success" header="Portcullis is set up">
              Account {state.setupComplete.accountId} is ready. Sign in as the root user with{' '}
              {state.setupComplete.rootEmail}.
            </Alert>
          )}
          {signIn.isError && (
            <ApiErrorAlert
              error={signIn.error}
              header="Sign-in failed"
              message={isApiError(signIn.error, 'InvalidCredentials') ? INVALID_CREDENTIALS : undefined}
            />
          )}
          <Container header={<Header variant="h1">Sign in</Header>}>
            <SpaceBetween size="l">
              <FormField label="Sign in as" stretch>
                <RadioGroup
                  value={kind}
                  onChange={({ detail }) => {
                    setKind(detail.value as Kind);
                    setMissing(new Set());
                    signIn.reset();
                  }}
                  items={[
                    {
                      value: 'root',
                      label: 'Root user',
                      description: 'Account owner that performs tasks requiring unrestricted access.',
                    },
                    {
                      value: 'iam',
                      label: 'IAM user',
                      description: 'User within an account that performs daily tasks.',
                    },
                  ]}
                />
              </FormField>
              {kind === 'root' && (
                <FormField
                  label="Root user email address"
                  errorText={requiredError('email', 'Enter the root user email address.')}
                >
                  <Input
                    value={email}
                    onChange={({ detail }) => setEmail(detail.value)}
                    type="email"
                    inputMode="email"
                    autoComplete="username"
                  />
                </FormField>
              )}
              {kind === 'iam' && (
                <FormField
                  label="Account ID (12 digits) or account alias"
                  errorText={requiredError('account', 'Enter the account ID or account alias.')}
                >
                  <Input value={account} onChange={({ detail }) => setAccount(detail.value)} autoComplete="organization" />
                </FormField>
              )}
              {kind === 'iam' && <FederatedSignInLinks account={account} redirect={state.from} />}
              {kind === 'iam' && (
                <FormField label="IAM user name" errorText={requiredError('userName', 'Enter your IAM user name.')}>
                  <Input value={userName} onChange={({ detail }) => setUserName(detail.value)} autoComplete="username" />
                </FormField>
              )}
              <FormField label="Password" errorText={requiredError('password', 'Enter your password.')}>
                <Input
                  value={password}
                  onChange={({ detail }) => setPassword(detail.value)}
                  type="password"
                  autoComplete="current-password"
                />
              </FormField>
            </SpaceBetween>
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}
