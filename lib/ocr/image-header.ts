// What kind of scan a file is and how many pixels its pages have, read from the headers alone:
// judged by content, never by the client's file name, and before any decoder touches the pixels,
// so a decompression bomb (a small file that claims a huge image) is refused without decoding it.
import type { FileHandle } from 'node:fs/promises';

export type ScanKind = 'pdf' | 'tiff' | 'jpeg' | 'png';

export interface PageSize {
  width: number;
  height: number;
}

/** Reads `length` bytes at `offset`; fewer at the end of the file. */
export type ByteReader = (offset: number, length: number) => Promise<Buffer>;

export function readerOf(handle: FileHandle): ByteReader {
  return async (offset, length) => {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  };
}

export function bufferReader(data: Buffer): ByteReader {
  return async (offset, length) => data.subarray(offset, offset + length);
}

/** The header is malformed: the file is damaged or not what its magic bytes say. */
export class BadHeaderError extends Error {
  override name = 'BadHeaderError';
}

export function sniffKind(head: Buffer): ScanKind | undefined {
  // PDF readers accept the marker within the first kilobyte (ISO 32000-1, Annex H.3 note).
  if (head.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (head.length >= 4 && ((head[0] === 0x49 && head[1] === 0x49 && head[2] === 0x2a && head[3] === 0)
    || (head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && head[3] === 0x2a))) return 'tiff';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return undefined;
}

/** The pixel size of every page of a TIFF, PNG or JPEG, at most `maxPages` + 1 of them. */
export async function imagePageSizes(kind: Exclude<ScanKind, 'pdf'>, read: ByteReader, maxPages: number): Promise<PageSize[]> {
  switch (kind) {
    case 'png': return [await pngSize(read)];
    case 'jpeg': return [await jpegSize(read)];
    case 'tiff': return tiffSizes(read, maxPages);
  }
}

async function pngSize(read: ByteReader): Promise<PageSize> {
  const head = await read(0, 24);
  if (head.length < 24 || head.toString('latin1', 12, 16) !== 'IHDR') throw new BadHeaderError('PNG without IHDR');
  return checked({ width: head.readUInt32BE(16), height: head.readUInt32BE(20) });
}

// SOF markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

async function jpegSize(read: ByteReader): Promise<PageSize> {
  let offset = 2;
  for (let segments = 0; segments < 1000; segments++) {
    const marker = await read(offset, 9);
    if (marker.length < 4 || marker[0] !== 0xff) throw new BadHeaderError('JPEG segment expected');
    const type = marker[1]!;
    if (type === 0xff) { offset += 1; continue; } // fill byte
    if (type === 0xd8 || (type >= 0xd0 && type <= 0xd7) || type === 0x01) { offset += 2; continue; }
    if (type === 0xd9 || type === 0xda) break; // end of image or start of scan before any frame header
    const length = marker.readUInt16BE(2);
    if (SOF.has(type)) {
      if (marker.length < 9) throw new BadHeaderError('JPEG frame header cut short');
      return checked({ height: marker.readUInt16BE(5), width: marker.readUInt16BE(7) });
    }
    if (length < 2) throw new BadHeaderError('JPEG segment length');
    offset += 2 + length;
  }
  throw new BadHeaderError('JPEG without a frame header');
}

async function tiffSizes(read: ByteReader, maxPages: number): Promise<PageSize[]> {
  const head = await read(0, 8);
  if (head.length < 8) throw new BadHeaderError('TIFF header cut short');
  const le = head[0] === 0x49;
  const u16 = (b: Buffer, at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  if (u16(head, 2) !== 42) throw new BadHeaderError('not a classic TIFF (BigTIFF is not accepted)');
  const sizes: PageSize[] = [];
  const seen = new Set<number>();
  let ifd = u32(head, 4);
  while (ifd !== 0) {
    // A loop of directories would otherwise never end; a page too many is enough to refuse.
    if (seen.has(ifd)) throw new BadHeaderError('TIFF directories form a loop');
    if (sizes.length > maxPages) break;
    seen.add(ifd);
    const countBytes = await read(ifd, 2);
    if (countBytes.length < 2) throw new BadHeaderError('TIFF directory outside the file');
    const count = u16(countBytes, 0);
    const entries = await read(ifd + 2, count * 12 + 4);
    if (entries.length < count * 12 + 4) throw new BadHeaderError('TIFF directory cut short');
    let width = 0;
    let height = 0;
    for (let i = 0; i < count; i++) {
      const at = i * 12;
      const tag = u16(entries, at);
      if (tag !== 256 && tag !== 257) continue;
      const type = u16(entries, at + 2);
      // SHORT values sit in the first two bytes of the value field, LONG in all four.
      const value = type === 3 ? u16(entries, at + 8) : type === 4 ? u32(entries, at + 8) : 0;
      if (tag === 256) width = value;
      else height = value;
    }
    sizes.push(checked({ width, height }));
    ifd = u32(entries, count * 12);
  }
  if (sizes.length === 0) throw new BadHeaderError('TIFF without pages');
  return sizes;
}

function checked(size: PageSize): PageSize {
  if (!(size.width > 0 && size.height > 0)) throw new BadHeaderError('image without a size');
  return size;
}
