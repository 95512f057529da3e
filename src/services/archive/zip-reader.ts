/**
 * Reads a zip held in memory one entry at a time, inflating in slices: fflate's unzipSync would
 * inflate every file at once, and the JSON lines of a million mentions are a gigabyte. Only what
 * the archive writer produces is needed — stored or deflated entries, no encryption, no ZIP64 —
 * and anything else is refused by name.
 */
import { Inflate } from "fflate";

export type ZipEntry = { name: string; method: number; compressedSize: number; size: number; dataStart: number };

export class NotAZip extends Error {}

const eocdSignature = 0x06054b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;

export function readZipDirectory(zip: Buffer): ZipEntry[] {
  if (zip.length < 22) throw new NotAZip("it is not a zip file");
  // The end-of-central-directory record is in the last 22 bytes plus an up to 64 KiB comment.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === eocdSignature) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new NotAZip("it is not a zip file");
  const count = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new NotAZip("it is a ZIP64 file, which Chorus archives never are");
  if (cdOffset + cdSize > eocd) throw new NotAZip("its directory is damaged");
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== centralSignature) throw new NotAZip("its directory is damaged");
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLength);
    if (flags & 0x1) throw new NotAZip(`${name} is encrypted`);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== localSignature) throw new NotAZip(`the entry of ${name} is damaged`);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (dataStart + compressedSize > zip.length) throw new NotAZip(`${name} is cut short`);
    entries.push({ name, method, compressedSize, size, dataStart });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The entry's bytes in slices of at most a few hundred KiB. Throws when the data is damaged or
 * grows past `maxBytes` (a zip bomb, or a file that is not what the manifest says).
 */
export function* entryChunks(zip: Buffer, e: ZipEntry, maxBytes: number, slice = 1 << 16): Generator<Uint8Array> {
  const data = zip.subarray(e.dataStart, e.dataStart + e.compressedSize);
  let total = 0;
  const counted = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total > maxBytes) throw new Error(`${e.name} is larger than the manifest says`);
    return chunk;
  };
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += slice) yield counted(data.subarray(i, i + slice));
    return;
  }
  if (e.method !== 8) throw new Error(`${e.name} is compressed with method ${e.method}, not deflate`);
  const out: Uint8Array[] = [];
  const inflate = new Inflate((chunk) => {
    out.push(chunk);
  });
  if (data.length === 0) inflate.push(new Uint8Array(0), true);
  for (let i = 0; i < data.length; i += slice) {
    inflate.push(data.subarray(i, i + slice), i + slice >= data.length);
    while (out.length) yield counted(out.shift() as Uint8Array);
  }
  while (out.length) yield counted(out.shift() as Uint8Array);
}

/** The lines of a UTF-8 text held in chunks, without the whole text in memory. */
export function* linesOf(chunks: Iterable<Uint8Array>): Generator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let rest = "";
  for (const chunk of chunks) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  rest += decoder.decode();
  if (rest.length) yield rest;
}
