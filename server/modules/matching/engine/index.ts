/**
 * Precise-matching engine (精准识别, contracts.md §2): a pure module, fed by iterables.
 *
 *   const builder = createRegistryIndex(config);
 *   for await (const person of registryRows) builder.add(person);
 *   const index = builder.finish();
 *   for await (const results of matchRecords(index, recordBatches)) …
 *
 * The CLI (`jineng match`) streams CSV/XLSX files into it; the application streams
 * database rows into it. See match-record.ts for the tiers and registry-index.ts for the
 * memory layout (10M registry persons in typed arrays).
 */
import { RegistryIndex, RegistryIndexBuilder } from './registry-index.ts';
import type { MatchConfig, MatchRecordInput, MatchResult, RegistryPersonInput } from './types.ts';

export { DEFAULT_MATCH_CONFIG, RegistryIndex, RegistryIndexBuilder, normalizePovertyStatus } from './registry-index.ts';
export { DEFAULT_COMMON_NAMES } from './common-names.ts';
export type * from './types.ts';
export { MATCH_TIERS } from './types.ts';

/** A streaming builder of the registry index; `sizeHint` pre-sizes the typed arrays. */
export function createRegistryIndex(config: Partial<MatchConfig> = {}, sizeHint?: number): RegistryIndexBuilder {
  return new RegistryIndexBuilder(config, sizeHint);
}

type Many<T> = AsyncIterable<T | readonly T[]> | Iterable<T | readonly T[]>;

function isBatch<T>(x: T | readonly T[]): x is readonly T[] {
  return Array.isArray(x);
}

/** Builds the index from registry persons (single items or batches, sync or async). */
export async function buildRegistryIndex(persons: Many<RegistryPersonInput>, config: Partial<MatchConfig> = {}, sizeHint?: number): Promise<RegistryIndex> {
  const builder = createRegistryIndex(config, sizeHint);
  for await (const item of persons) {
    if (isBatch(item)) for (const p of item) builder.add(p);
    else builder.add(item);
  }
  return builder.finish();
}

/**
 * Matches records streamed in (single items or batches); yields one batch of results per
 * input item, in input order. Results are computed synchronously per batch, so a caller
 * that writes each batch before pulling the next keeps memory flat.
 */
export async function* matchRecords(index: RegistryIndex, records: Many<MatchRecordInput>): AsyncGenerator<MatchResult[], void, undefined> {
  for await (const item of records) {
    if (isBatch(item)) yield item.map((r) => index.matchRecord(r));
    else yield [index.matchRecord(item)];
  }
}

/** Counts of results by tier (the CLI summary line). */
export function emptyTierCounts(): Record<'exact' | 'corrected_id' | 'fuzzy' | 'conflict' | 'none', number> {
  return { exact: 0, corrected_id: 0, fuzzy: 0, conflict: 0, none: 0 };
}
