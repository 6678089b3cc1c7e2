/**
 * The one error type of the tabular readers: a stable machine code plus a Chinese message
 * that can be shown to the person who uploaded the file.
 */
export type TableErrorCode =
  | 'table.unreadable' // file missing, not a regular file, permission denied, I/O error
  | 'table.unsupported_format' // extension not .csv/.tsv/.txt/.xlsx, or content of another format
  | 'table.empty' // no bytes, or no non-empty row (no header)
  | 'table.encoding' // text that is neither UTF-8 nor GB18030/GBK
  | 'table.bad_zip' // .xlsx that is not a readable zip (truncated, encrypted, unknown method)
  | 'table.zip_bomb' // zip limits exceeded: entries, sizes, compression ratio
  | 'table.zip_unsafe_path' // entry name with `..`, absolute path or drive letter
  | 'table.bad_xlsx' // zip without the parts of a workbook, or malformed sheet XML
  | 'table.too_many_rows'; // more data rows than opts.maxRows

export class TableError extends Error {
  readonly code: TableErrorCode;

  constructor(code: TableErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TableError';
    this.code = code;
  }
}
