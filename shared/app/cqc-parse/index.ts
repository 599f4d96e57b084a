export { isUnsupportedFileError, UnsupportedFileError, type UnsupportedFileReason } from './errors';
export { loadOutcodeCentroids } from './outcodes';
export {
  type CqcReadOptions,
  type CqcSource,
  DEFAULT_HEADER_SCAN_ROWS,
  DEFAULT_MAX_JSON_BYTES,
  detectLayout,
  type LayoutDetection,
  openCqcSource,
  openCqcStream,
  readCqcSource,
  readCqcStream,
} from './read';
export type { TextEncoding } from './sniff';
