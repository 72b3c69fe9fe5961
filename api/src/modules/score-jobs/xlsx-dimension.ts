import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * The data rows a workbook's first worksheet says it spans, read from its `<dimension ref="A1:T100001">`
 * element without unpacking the workbook: the zip's central directory locates the sheet's XML, and
 * only its first compressed bytes are inflated (the element sits at the top of the sheet). Excel,
 * LibreOffice and ExcelJS's workbook writer write it (ExcelJS's streaming writer does not); null
 * when it is missing, unreadable, or spans the header alone.
 *
 * An estimate for progress and ETA, like the CSV line count: formatted blank rows at the end count,
 * and the job's final total replaces it. ExcelJS's stream reader does not expose the element, and
 * reading the whole sheet to count rows would take as long as the job's own parsing.
 */
export async function xlsxEstimatedDataRows(path: string): Promise<number | null> {
  const file = await fs.promises.open(path, 'r');
  try {
    const sheet = await firstWorksheetEntry(file);
    if (sheet === null) return null;
    const xml = await inflateStart(file, sheet);
    const match = /<(?:\w+:)?dimension\s+ref="[A-Z]*(\d+)(?::[A-Z]*(\d+))?"/.exec(xml);
    if (!match) return null;
    const spanned = Number(match[2] ?? match[1]) - Number(match[1]) + 1;
    return spanned > 1 ? spanned - 1 : null;
  } catch {
    return null;
  } finally {
    await file.close();
  }
}

interface ZipEntry {
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** Bytes of the sheet's XML inflated: the dimension element comes within the first few hundred. */
const INFLATE_BYTES = 16 * 1024;
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

async function read(file: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The first `xl/worksheets/*.xml` entry in the central directory (the order the stream reader meets sheets). */
async function firstWorksheetEntry(file: fs.promises.FileHandle): Promise<ZipEntry | null> {
  const { size } = await file.stat();
  // The end-of-central-directory record is 22 bytes plus a comment of at most 65,535.
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await read(file, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = tail.readUInt16LE(eocd + 10);
  const directory = await read(file, tail.readUInt32LE(eocd + 16), tail.readUInt32LE(eocd + 12));
  for (let offset = 0, k = 0; k < entries && offset + 46 <= directory.length; k++) {
    if (directory.readUInt32LE(offset) !== CENTRAL_SIGNATURE) return null;
    const nameLength = directory.readUInt16LE(offset + 28);
    const name = directory.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
      return { method: directory.readUInt16LE(offset + 10), compressedSize: directory.readUInt32LE(offset + 20), localHeaderOffset: directory.readUInt32LE(offset + 42) };
    }
    offset += 46 + nameLength + directory.readUInt16LE(offset + 30) + directory.readUInt16LE(offset + 32);
  }
  return null;
}

/** The start of an entry's content as text: stored as is, or deflated (inflated as far as the bytes read go). */
async function inflateStart(file: fs.promises.FileHandle, entry: ZipEntry): Promise<string> {
  const header = await read(file, entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIGNATURE) return '';
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = await read(file, dataStart, Math.min(entry.compressedSize, INFLATE_BYTES));
  if (entry.method === 0) return data.toString('utf8');
  if (entry.method !== 8) return '';
  // A sync flush at the end of the input returns what these bytes decode to instead of failing on the cut.
  return zlib.inflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8');
}
