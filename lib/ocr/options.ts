// Limits and choices of scan reading; defaults suit an office scanner's letters (A4 at 300 dpi is
// 8.7 megapixels, A3 17.4). Read from the environment of the process that reads scans.

export interface OcrOptions {
  /** Tesseract languages: Ukrainian first, Russian and English for quotes and addresses. */
  languages: string;
  /** Resolution scanned PDF pages are rendered at for OCR (and text-layer boxes scaled to). */
  dpi: number;
  /** A page above this many megapixels is refused before it is decoded (decompression bombs). */
  maxMegapixels: number;
  maxPages: number;
  maxFileBytes: number;
  /** Per page and tool; a multi-page TIFF gets this much per page. */
  pageTimeoutMs: number;
  /** A PDF page with an image and fewer letters and digits than this in its text layer is OCR'd. */
  minTextLayerChars: number;
  thumbnailWidth: number;
  /** Where temporary page images go (a fresh folder per scan, removed afterwards). */
  tmpDir?: string;
}

export const DEFAULT_OCR_OPTIONS: OcrOptions = {
  languages: 'ukr+rus+eng',
  dpi: 300,
  maxMegapixels: 80,
  maxPages: 500,
  maxFileBytes: 200 * 1024 * 1024,
  pageTimeoutMs: 180_000,
  minTextLayerChars: 16,
  thumbnailWidth: 200,
};

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function readOcrOptions(env: NodeJS.ProcessEnv): OcrOptions {
  const languages = env.HROMADA_OCR_LANGUAGES ?? DEFAULT_OCR_OPTIONS.languages;
  // The value becomes one argument of tesseract; still, only language codes belong there.
  if (!/^[a-z_]+(\+[a-z_]+)*$/i.test(languages)) throw new Error(`HROMADA_OCR_LANGUAGES must look like "ukr+rus+eng", got "${languages}"`);
  return {
    languages,
    dpi: Math.round(positive(env, 'HROMADA_OCR_DPI', DEFAULT_OCR_OPTIONS.dpi)),
    maxMegapixels: positive(env, 'HROMADA_OCR_MAX_MEGAPIXELS', DEFAULT_OCR_OPTIONS.maxMegapixels),
    maxPages: Math.round(positive(env, 'HROMADA_OCR_MAX_PAGES', DEFAULT_OCR_OPTIONS.maxPages)),
    maxFileBytes: Math.round(positive(env, 'HROMADA_OCR_MAX_FILE_MB', DEFAULT_OCR_OPTIONS.maxFileBytes / 1024 / 1024) * 1024 * 1024),
    pageTimeoutMs: Math.round(positive(env, 'HROMADA_OCR_PAGE_TIMEOUT_MS', DEFAULT_OCR_OPTIONS.pageTimeoutMs)),
    minTextLayerChars: DEFAULT_OCR_OPTIONS.minTextLayerChars,
    thumbnailWidth: DEFAULT_OCR_OPTIONS.thumbnailWidth,
    tmpDir: env.HROMADA_OCR_TMP_DIR || undefined,
  };
}
