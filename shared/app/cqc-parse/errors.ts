export type UnsupportedFileReason =
  /** No bytes, or only whitespace. */
  | 'empty'
  /** An image, archive, PDF or other binary file. */
  | 'binary'
  /** An .xlsx/.ods/.xls workbook: CQC publishes some files this way; it must be saved as CSV first. */
  | 'spreadsheet'
  /** Readable text, but not CQC location data (no Location ID column, JSON of another shape). */
  | 'not-cqc'
  /** Starts like JSON but does not parse. */
  | 'invalid-json'
  /** Over the size limit for a whole-file (JSON) read. */
  | 'too-large'
  /** Missing, a directory with nothing to read, permissions... */
  | 'unreadable';

/**
 * The file as a whole cannot be read as CQC data. Thrown before any item is produced, so an
 * ingester can reject the file without touching what it already holds. Row-level problems are
 * reported as `issue` items instead.
 */
export class UnsupportedFileError extends Error {
  override readonly name = 'UnsupportedFileError';

  constructor(
    readonly fileName: string,
    readonly reason: UnsupportedFileReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isUnsupportedFileError(error: unknown): error is UnsupportedFileError {
  return error instanceof UnsupportedFileError;
}
