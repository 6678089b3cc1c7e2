/**
 * Streaming tabular IO for uploads and exports: CSV (UTF-8/GBK/UTF-16), TSV and XLSX.
 *
 * - openTable(path, { maxRows, sheet }) → TableReader (header + batches of raw rows)
 * - writeTable(path, header, rows, opts) → rows written (.csv with BOM, or .xlsx)
 * - escapeFormulaCell(s) → OWASP CSV-injection escaping applied by writeTable
 * - TableError { code, message } for every expected failure (Chinese message)
 */
export { openTable } from './open-table.ts';
export { writeTable, escapeFormulaCell, type WriteTableOptions } from './write-table.ts';
export { TableError, type TableErrorCode } from './table-error.ts';
export type { OpenTableOptions, TableFormat, TableReader, TableRow } from './types.ts';
