/**
 * Built-in policy sets (内置政策集): the JSON documents beside this file, validated once at
 * first use. A document that fails its schema is a programming error and throws.
 */
import nationalDefault from './national-default.json' with { type: 'json' };
import shaanxi2021 from './shaanxi-2021.json' with { type: 'json' };
import { PolicySet } from '../policy-set.schema.ts';

const DOCUMENTS: readonly unknown[] = [nationalDefault, shaanxi2021];

/** Freezes a plain JSON value in place so that no caller can change a built-in figure. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

let builtins: ReadonlyMap<string, PolicySet> | undefined;

function load(): ReadonlyMap<string, PolicySet> {
  if (builtins) return builtins;
  const map = new Map<string, PolicySet>();
  for (const doc of DOCUMENTS) {
    const parsed = PolicySet.safeParse(doc);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new Error(`built-in policy set is invalid at ${first.path.join('.')}: ${first.message}`);
    }
    const set = deepFreeze(parsed.data);
    if (map.has(set.id)) throw new Error(`duplicate built-in policy set ${set.id}`);
    map.set(set.id, set);
  }
  builtins = map;
  return map;
}

/** The built-in policy set with this id, or undefined when there is none. */
export function getBuiltinPolicySet(id: string): PolicySet | undefined {
  return load().get(id);
}

/** All built-in policy sets, national default first. */
export function listBuiltinPolicySets(): PolicySet[] {
  return [...load().values()];
}

/** Ids of the built-in policy sets (for messages and help). */
export function builtinPolicySetIds(): string[] {
  return [...load().keys()];
}
