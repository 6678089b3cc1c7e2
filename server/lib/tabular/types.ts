/** Shapes shared by the tabular readers (CSV, TSV, XLSX). */

export type TableFormat = 'csv' | 'tsv' | 'xlsx';

export interface TableRow {
  /** 1-based row number as a spreadsheet user sees it; the header row is headerRowNumber. */
  rowNumber: number;
  /**
   * Raw cell strings (NOT cleaned), aligned with the header: exactly header.length cells,
   * missing cells are ''. Cells to the right of the header's last column are dropped.
   */
  cells: string[];
}

export interface TableReader {
  format: TableFormat;
  /** 'utf-8', 'gb18030', 'utf-16le' or 'utf-16be' (xlsx: always 'utf-8'). */
  encoding: string;
  /** Header cells of the first non-empty row, cleaned with cleanCell; trailing empty cells dropped. */
  header: string[];
  /** 1-based spreadsheet row number of the header. */
  headerRowNumber: number;
  /**
   * Data rows after the header, in batches (one per decoded chunk), empty rows skipped.
   * Can be iterated once. Throws TableError (e.g. table.too_many_rows) while iterating.
   */
  rows(): AsyncIterable<TableRow[]>;
  /** Releases the file; safe to call more than once and after rows() finished. */
  close(): Promise<void>;
}

export interface OpenTableOptions {
  /** Maximum number of (non-empty) data rows; more → TableError table.too_many_rows. Default: no cap. */
  maxRows?: number;
  /** XLSX only: 0-based index of the sheet in workbook order. Default 0 (the first sheet). */
  sheet?: number;
}

/** A row as the format readers produce it, before header alignment (cells may be ragged). */
export interface RawRow {
  rowNumber: number;
  cells: string[];
}

/** What a format reader hands to openTable. */
export interface RowSource {
  format: TableFormat;
  encoding: string;
  /** Batches of raw rows, empty rows included or not (openTable filters). */
  batches: AsyncGenerator<RawRow[], void, undefined>;
  close(): Promise<void>;
}
