// The principals the e2e run creates. The `first-run` project (setup.spec.ts) creates the root
// user through the setup page; every other spec depends on that project and signs in with these.
export const root = {
  email: 'root@example.com',
  password: 'Portcullis-e2e-1',
  accountId: '123456789012',
};
