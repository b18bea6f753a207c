// What reading a scan produces: per page, the text and every word with its box, so that later
// steps (search, masking personal data on the image, Law 2297-VI) can find a word on the page.

/** A word and its box in pixels of the page image (for PDFs: the page rendered at `dpi`). */
export interface PageWord {
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** 0..100 from tesseract; 100 for a text layer, which is exact. */
  confidence: number;
}

export type PageSource = 'ocr' | 'text-layer';

export interface ScanPage {
  /** 1-based. */
  pageNo: number;
  text: string;
  words: PageWord[];
  source: PageSource;
  /** Mean word confidence (0..100); null for a text layer or a page without words. */
  confidence: number | null;
  /** Size of the page image the boxes refer to, in pixels. */
  width: number;
  height: number;
  /** Resolution of that image, when known (PDF pages are rendered at a fixed one). */
  dpi: number | null;
}

export interface ScanReading {
  kind: 'pdf' | 'tiff' | 'jpeg' | 'png';
  pageCount: number;
  pages: ScanPage[];
  /** First page as a PNG about `thumbnailWidth` pixels wide. */
  thumbnail: Buffer;
}

/**
 * The file itself cannot be read, and reading it again will not change that: empty, damaged,
 * password-protected, not a scan, or beyond the limits. Anything else (a tool missing, a timeout)
 * is a technical failure worth a retry.
 */
export class UnreadableScanError extends Error {
  override name = 'UnreadableScanError';
  constructor(
    readonly reason: 'empty' | 'not-a-scan' | 'damaged' | 'encrypted' | 'too-many-pages' | 'too-many-pixels' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}
