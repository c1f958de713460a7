// Client-side checks of the review step, so mistakes show before a round trip. The server
// applies the same rules (PolicyNameSchema in @portcullis/shared) and decides.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html

const NAME_CHARS = /^[\w+=,.@-]+$/;

export function validatePolicyName(name: string): string | undefined {
  if (name === '') return 'Enter a policy name.';
  if (name.length > 128) return 'The policy name can have at most 128 characters.';
  if (!NAME_CHARS.test(name)) return 'Use alphanumeric and "+=,.@-_" characters only.';
  return undefined;
}

export function validatePolicyDescription(description: string): string | undefined {
  if (description.length > 1000) return 'The description can have at most 1,000 characters.';
  return undefined;
}
