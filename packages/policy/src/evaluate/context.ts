/**
 * Evaluate stage — the request context (condition keys and their values).
 *
 * Assumes nothing about caller-supplied key case: condition key names are case-insensitive
 * in IAM, so keys are lowercased once here, when the request is built, and the hot path only
 * does exact Map lookups. Values are kept as text, as IAM does; operators parse them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */

/** A context value as callers supply it. Arrays are multivalued keys (e.g. aws:TagKeys). */
export type ContextValue = string | number | boolean | Date | readonly (string | number | boolean | Date)[];

const text = (v: string | number | boolean | Date): string =>
  typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v);

/** Condition-key values for one request, keyed by lowercase key name. Immutable once built. */
export class RequestContext {
  /** Lowercase key → values (a single-valued key has one element). */
  readonly values: Map<string, readonly string[]>;

  constructor(values?: Map<string, readonly string[]>) {
    this.values = values ?? new Map();
  }

  /** Builds a context from a record; key case does not matter. */
  static from(record: Readonly<Record<string, ContextValue | undefined>> | undefined): RequestContext {
    const m = new Map<string, readonly string[]>();
    if (record) {
      for (const k in record) {
        const v = record[k];
        if (v === undefined) continue;
        m.set(k.toLowerCase(), Array.isArray(v) ? (v as readonly (string | number | boolean | Date)[]).map(text) : [text(v as string)]);
      }
    }
    return new RequestContext(m);
  }

  /** Values of a key (lowercase name), or undefined when absent. */
  get(lowerKey: string): readonly string[] | undefined {
    return this.values.get(lowerKey);
  }

  /** The single value of a key, for policy-variable substitution; undefined if absent or multivalued. */
  single(lowerKey: string): string | undefined {
    const v = this.values.get(lowerKey);
    return v && v.length === 1 ? v[0] : undefined;
  }

  /** Returns a new context with extra keys (existing keys are overwritten). */
  with(record: Readonly<Record<string, ContextValue | undefined>>): RequestContext {
    const m = new Map(this.values);
    for (const [k, v] of RequestContext.from(record).values) m.set(k, v);
    return new RequestContext(m);
  }
}

/**
 * A request context that notes whether the evaluation read any key starting with one of some
 * (lowercase) prefixes, like `aws:resourcetag/`: condition blocks, `...IfExists` and `Null` tests
 * and policy variables all read through `get` and `single`. When it read none, the decision does
 * not depend on those keys — the same evaluation with them present reads the same values and
 * takes the same path — so a caller can load their values only for the decisions that need them.
 */
export class PrefixReadTrackingContext extends RequestContext {
  /** Did the evaluation read a key with one of the prefixes (present or not)? */
  readPrefix = false;

  constructor(
    context: RequestContext,
    private readonly lowerPrefixes: readonly string[],
  ) {
    super(context.values);
  }

  override get(lowerKey: string): readonly string[] | undefined {
    this.note(lowerKey);
    return super.get(lowerKey);
  }

  override single(lowerKey: string): string | undefined {
    this.note(lowerKey);
    return super.single(lowerKey);
  }

  private note(lowerKey: string): void {
    if (!this.readPrefix && this.lowerPrefixes.some((prefix) => lowerKey.startsWith(prefix))) this.readPrefix = true;
  }
}

/** Builds a {@link RequestContext} from a record (key case-insensitive). */
export function createRequestContext(record?: Readonly<Record<string, ContextValue | undefined>>): RequestContext {
  return RequestContext.from(record);
}
