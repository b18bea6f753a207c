// Just enough PNG to burn masks into scanned pages: decode any non-interlaced PNG into 8-bit grey
// or RGB pixels, paint, encode again with node:zlib. Re-encoding from pixels is the point: nothing
// of the original file (its text chunks, its metadata, a second image) survives into the answer.
import { deflateSync, inflateSync } from 'node:zlib';

export interface RawImage {
  width: number;
  height: number;
  /** 1 = grey, 3 = RGB; 8 bits each, rows top to bottom, no padding. */
  channels: 1 | 3;
  data: Buffer;
}

export class PngError extends Error {
  override name = 'PngError';
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Limits of what we decode: a page at 600 dpi is about 35 Mpx. */
const MAX_PIXELS = 80_000_000;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Buffer): RawImage {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = -1;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const idat: Buffer[] = [];
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (data.length !== length) throw new PngError('truncated PNG');
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      colorType = data[9]!;
      if (data[12] !== 0) throw new PngError('interlaced PNGs are not supported; save the scan without interlacing');
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') transparency = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!width || !height || colorType < 0) throw new PngError('PNG without a header');
  if (width * height > MAX_PIXELS) throw new PngError(`PNG of ${width}×${height} pixels is over the limit`);
  const samples = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!samples || ![1, 2, 4, 8, 16].includes(bitDepth)) throw new PngError(`unsupported PNG colour type ${colorType} / depth ${bitDepth}`);
  const bitsPerPixel = samples * bitDepth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length < (stride + 1) * height) throw new PngError('PNG image data is short');

  // Undo the per-row filters (PNG spec 9).
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? rows[dst + x - bpp]! : 0;
      const b = y > 0 ? rows[dst - stride + x]! : 0;
      const c = x >= bpp && y > 0 ? rows[dst - stride + x - bpp]! : 0;
      const v = raw[src + x]!;
      let out: number;
      switch (filter) {
        case 0: out = v; break;
        case 1: out = v + a; break;
        case 2: out = v + b; break;
        case 3: out = v + ((a + b) >> 1); break;
        case 4: out = v + paeth(a, b, c); break;
        default: throw new PngError(`bad PNG filter ${filter}`);
      }
      rows[dst + x] = out & 0xff;
    }
  }

  const sample = (y: number, i: number): number => {
    if (bitDepth === 8) return rows[y * stride + i]!;
    if (bitDepth === 16) return rows[y * stride + 2 * i]!;
    const bit = i * bitDepth;
    const byte = rows[y * stride + (bit >> 3)]!;
    const v = (byte >> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1);
    return colorType === 3 ? v : Math.round((v * 255) / ((1 << bitDepth) - 1));
  };
  const grey = colorType === 0 || colorType === 4;
  const channels: 1 | 3 = grey ? 1 : 3;
  const data = Buffer.alloc(width * height * channels);
  // Transparent pixels are flattened onto white paper.
  const over = (v: number, alpha: number): number => Math.round((v * alpha + 255 * (255 - alpha)) / 255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      if (colorType === 0) data[o] = sample(y, x);
      else if (colorType === 4) data[o] = over(sample(y, 2 * x), sample(y, 2 * x + 1));
      else if (colorType === 2) for (let k = 0; k < 3; k++) data[o + k] = sample(y, 3 * x + k);
      else if (colorType === 6) {
        const alpha = sample(y, 4 * x + 3);
        for (let k = 0; k < 3; k++) data[o + k] = over(sample(y, 4 * x + k), alpha);
      } else {
        const index = sample(y, x);
        if (!palette || 3 * index + 2 >= palette.length) throw new PngError('PNG palette index out of range');
        const alpha = transparency && index < transparency.length ? transparency[index]! : 255;
        for (let k = 0; k < 3; k++) data[o + k] = over(palette[3 * index + k]!, alpha);
      }
    }
  }
  return { width, height, channels, data };
}

export function encodePng(image: RawImage): Buffer {
  const { width, height, channels, data } = image;
  const stride = width * channels;
  const filtered = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter "Up": scans are mostly white rows repeating the row above, which deflate loves.
    filtered[y * (stride + 1)] = 2;
    for (let x = 0; x < stride; x++) {
      const up = y > 0 ? data[(y - 1) * stride + x]! : 0;
      filtered[y * (stride + 1) + 1 + x] = (data[y * stride + x]! - up) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 1 ? 0 : 2;
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(filtered, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Paints the rectangles solid black into the pixels and returns a new PNG made only from those
 * pixels. `scale` maps rectangle coordinates to this image's pixels (when the OCR read the page
 * at another resolution).
 */
export function burnInMasks(png: Buffer, rects: readonly Rect[], scale = 1): Buffer {
  const image = decodePng(png);
  const { width, height, channels, data } = image;
  for (const r of rects) {
    const x0 = Math.max(0, Math.floor(r.left * scale));
    const y0 = Math.max(0, Math.floor(r.top * scale));
    const x1 = Math.min(width, Math.ceil((r.left + r.width) * scale));
    const y1 = Math.min(height, Math.ceil((r.top + r.height) * scale));
    for (let y = y0; y < y1; y++) data.fill(0, (y * width + x0) * channels, (y * width + x1) * channels);
  }
  return encodePng(image);
}
