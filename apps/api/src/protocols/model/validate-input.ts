/**
 * Input validation from AWS's own service models, answered in AWS's words: required members,
 * string and list lengths, patterns, enums and integer ranges of an operation's input shape,
 * reported as AWS's `ValidationError` ("1 validation error detected: Value 'x' at 'roleSessionName'
 * failed to satisfy constraint: Member must …", or "N validation errors detected: a; b").
 * Checks AWS makes beyond the model (ARN parsing, policy grammar) stay in the actions' schemas.
 *
 * How IAM and STS word their answers differs, and is recorded once, in STYLES:
 * - STS prints the offending value (`Value 'a:b' at 'roleSessionName'`, `Value null at 'roleArn'`)
 *   and reports a pattern failure before a length failure of the same member;
 * - IAM prints no string value (`Value at 'tags.1.member.key'`, `Value at 'userName' … Member must
 *   not be null`), numbers only (`Value '0' at 'maxItems'`), reports length before pattern, and
 *   answers a name or path outside its pattern with its own sentence ("The specified value for
 *   userName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-").
 * Members are named as AWS prints them: the model's name with its first letter lower-cased, list
 * entries as `<list>.<1-based index>.member`, structure members joined with dots.
 */
import { AwsError, validationError } from '../../errors';
import { messages } from '../../messages';
import { serviceModel, type Shape, type ShapeRef } from './service-model';

type ValidatedService = 'iam' | 'sts';

interface Style {
  /** Print string values in messages (`Value 'x' at …`); numbers are printed either way. */
  printStrings: boolean;
  /** How a missing required member is written: `Value null at …` or `Value at …`. */
  nullValue: string;
  /** Report a pattern failure before a length failure of the same member. */
  patternFirst: boolean;
  /** Patterns answered with the service's own sentence instead of the generic constraint. */
  patternSentences: Record<string, string>;
}

const STYLES: Record<ValidatedService, Style> = {
  sts: { printStrings: true, nullValue: 'Value null', patternFirst: true, patternSentences: {} },
  iam: {
    printStrings: false,
    nullValue: 'Value',
    patternFirst: false,
    patternSentences: {
      '[\\w+=,.@-]+': 'It must contain only alphanumeric characters and/or the following: +=,.@_-',
      '[\\w]+': 'It must contain only alphanumeric characters.',
      '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)': 'It must begin and end with / and contain only alphanumeric characters and/or / characters.',
      '\\u002F[\\u0021-\\u007F]*': 'It must begin with the / character and contain only alphanumeric characters and/or / characters.',
    },
  },
};

/**
 * Longest string a pattern is matched against. Every IAM and STS pattern is a character class
 * or an unambiguous sequence (linear time), and no model maximum exceeds 131,072; past this cap
 * the length violation alone is reported.
 */
const PATTERN_INPUT_CAP = 262_144;

/** One violation: a generic constraint (`Value … at '<path>' failed to satisfy constraint: …`) or the service's own sentence. */
type Violation = string;

export interface ValidateOptions {
  /**
   * Report required members that are missing (default true). The console's REST calls leave out
   * some members AWS's API requires (root's own MFA device has no UserName): for them the
   * action's schema decides what is required.
   */
  requireMembers?: boolean;
}

/**
 * AWS's ValidationError for `input` against the model's input shape of `service`'s `operation`,
 * or undefined when it is valid — or when the model does not describe the operation (only IAM
 * and STS are checked here).
 */
export function validateAgainstModel(service: string, operation: string, input: unknown, options: ValidateOptions = {}): AwsError | undefined {
  if (service !== 'iam' && service !== 'sts') return undefined;
  const model = serviceModel(service);
  const inputRef = model.operations[operation]?.input;
  if (!inputRef) return undefined;
  const violations: Violation[] = [];
  checkStructure(new Walker(service, model.shapes, violations, options.requireMembers ?? true), model.shapes[inputRef.shape]!, input ?? {}, '');
  if (violations.length === 0) return undefined;
  // A single sentence of the service's own stands alone; otherwise AWS counts them.
  if (violations.length === 1 && !violations[0]!.startsWith('Value')) return validationError(violations[0]!);
  return validationError(messages.validationErrors(violations));
}

class Walker {
  readonly style: Style;
  constructor(
    service: ValidatedService,
    readonly shapes: Record<string, Shape>,
    readonly violations: Violation[],
    readonly requireMembers: boolean,
  ) {
    this.style = STYLES[service];
  }
  shape(ref: ShapeRef): Shape {
    return this.shapes[ref.shape]!;
  }
  /** `Value 'x' at 'path' failed to satisfy constraint: <constraint>`. */
  fail(shape: Shape, value: unknown, path: string, constraint: string): void {
    this.violations.push(`${this.describe(shape, value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }
  private describe(shape: Shape, value: unknown): string {
    if (value === undefined) return this.style.nullValue;
    if (shape.sensitive) return 'Value';
    if (typeof value === 'number') return `Value '${value}'`;
    if (typeof value === 'string' && this.style.printStrings) return `Value '${value}'`;
    return 'Value';
  }
}

function checkStructure(walker: Walker, shape: Shape, value: unknown, path: string): void {
  if (!isRecord(value)) return; // the action's schema reports a wrongly shaped input
  const required = new Set(shape.required ?? []);
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const memberPath = path ? `${path}.${awsMemberName(name)}` : awsMemberName(name);
    const member = value[name];
    const memberShape = walker.shape(ref);
    if (member === undefined || member === null) {
      if (walker.requireMembers && required.has(name)) walker.fail(memberShape, undefined, memberPath, 'Member must not be null');
      continue;
    }
    checkValue(walker, memberShape, member, memberPath);
  }
}

function checkValue(walker: Walker, shape: Shape, value: unknown, path: string): void {
  switch (shape.type) {
    case 'structure':
      return checkStructure(walker, shape, value, path);
    case 'list':
      return checkList(walker, shape, value, path);
    case 'string':
      if (typeof value === 'string') for (const constraint of stringViolations(walker.style, shape, value, path)) record(walker, shape, value, path, constraint);
      return;
    case 'integer':
    case 'long': {
      const n = toInteger(value);
      if (n !== undefined) for (const constraint of rangeViolations(shape, n)) walker.fail(shape, n, path, constraint);
      return;
    }
    default:
      return; // booleans, timestamps, blobs, maps: the action's schema checks them
  }
}

/** A constraint is either generic ("Member must …") or, for IAM names and paths, a whole sentence. */
function record(walker: Walker, shape: Shape, value: unknown, path: string, constraint: string): void {
  if (constraint.startsWith('The specified value')) walker.violations.push(constraint);
  else walker.fail(shape, value, path, constraint);
}

function checkList(walker: Walker, shape: Shape, value: unknown, path: string): void {
  const items = value === '' ? [] : value; // Query's `Tags=` is an empty list
  if (!Array.isArray(items)) return;
  for (const constraint of lengthViolations(shape, items.length)) walker.fail(shape, items, path, constraint);
  const memberShape = walker.shape(shape.member!);
  if (memberShape.type === 'structure' || memberShape.type === 'list') {
    items.forEach((item, i) => checkValue(walker, memberShape, item, `${path}.${i + 1}.member`));
    return;
  }
  // Scalar members are reported once for the whole list, with every constraint of the member:
  // "Member must satisfy constraint: [Member must have length less than or equal to 128, …]".
  const bad = items.some((item) => item === null || item === undefined || memberViolations(walker.style, memberShape, item).length > 0);
  if (bad) walker.fail(shape, items, path, `Member must satisfy constraint: [${memberConstraints(memberShape).join(', ')}]`);
}

function memberViolations(style: Style, shape: Shape, value: unknown): string[] {
  if (shape.type === 'string') return typeof value === 'string' ? stringViolations(style, shape, value, '') : [];
  const n = toInteger(value);
  return n === undefined ? [] : rangeViolations(shape, n);
}

/** Every constraint of a list's scalar member, in AWS's order (max, min, pattern, enum, not null). */
function memberConstraints(shape: Shape): string[] {
  const out: string[] = [];
  const noun = shape.type === 'string' ? 'length' : 'value';
  if (shape.max !== undefined) out.push(`Member must have ${noun} less than or equal to ${shape.max}`);
  if (shape.min !== undefined) out.push(`Member must have ${noun} greater than or equal to ${shape.min}`);
  if (shape.pattern !== undefined) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.enum) out.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  out.push('Member must not be null');
  return out;
}

function stringViolations(style: Style, shape: Shape, value: string, path: string): string[] {
  const length = lengthViolations(shape, value.length);
  const pattern: string[] = [];
  if (shape.pattern !== undefined && value.length <= PATTERN_INPUT_CAP && !compiledPattern(shape.pattern).test(value)) {
    const sentence = style.patternSentences[shape.pattern];
    const name = path.slice(path.lastIndexOf('.') + 1);
    pattern.push(sentence ? `The specified value for ${name} is invalid. ${sentence}` : `Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
  const enumeration = shape.enum && !shape.enum.includes(value) ? [`Member must satisfy enum value set: [${shape.enum.join(', ')}]`] : [];
  return [...(style.patternFirst ? [...pattern, ...length] : [...length, ...pattern]), ...enumeration];
}

function lengthViolations(shape: Shape, length: number): string[] {
  const out: string[] = [];
  if (shape.min !== undefined && length < shape.min) out.push(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) out.push(`Member must have length less than or equal to ${shape.max}`);
  return out;
}

function rangeViolations(shape: Shape, n: number): string[] {
  const out: string[] = [];
  if (shape.min !== undefined && n < shape.min) out.push(`Member must have value greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && n > shape.max) out.push(`Member must have value less than or equal to ${shape.max}`);
  return out;
}

/** A JSON number, or a Query string of digits; anything else is left to the action's schema. */
function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^[+-]?\d{1,15}$/.test(value.trim())) return Number(value);
  return undefined;
}

/** AWS's name of a member in messages: the model's, first letter lower-cased (RoleSessionName → roleSessionName, SAMLAssertion → sAMLAssertion). */
export function awsMemberName(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const compiled = new Map<string, RegExp>();

/** The model's (Java) pattern as a JavaScript regular expression matching the whole value. */
export function compiledPattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${javaToJsPattern(pattern)})$`, 'u');
    compiled.set(pattern, regex);
  }
  return regex;
}

/**
 * Java regex syntax → JavaScript (`u` flag). The models write supplementary code points as
 * `\u10000` and `\u10FFFF` (JS: `\u{10000}`), and escape characters JS's unicode mode refuses
 * to see escaped (`\:`): those become the plain character.
 */
function javaToJsPattern(pattern: string): string {
  return pattern
    .replace(/\\u(10[0-9A-Fa-f]{3,4})(?![0-9A-Fa-f])/g, '\\u{$1}')
    .replace(/\\([^A-Za-z0-9\\^$.*+?()[\]{}|/-])/g, '$1');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
