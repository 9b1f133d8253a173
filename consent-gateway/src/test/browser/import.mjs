// The import step's helpers: a small manifest of real fixture photos (one record deliberately refused: two faces)
// packed as the zip archive the import page takes (entries stored, not compressed: no zip library needed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive (method 0, stored) of the given {name: Buffer} entries. */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8); local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8); central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(centrals.length / 2, 8); end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/**
 * Three found adults registered by the police under their statutory duty, each with one photo from the fixtures;
 * the third photo shows two people, so the quality gate refuses that record. Keys are unique per run.
 */
export function importArchive(fixtures, run) {
  const photos = { 'rose.jpg': 'people/rose_leslie_img1.jpg', 'alex.jpg': 'people/alex_lacamoire_img1.jpg', 'two.jpg': 'people/two_people.jpg' };
  const lines = Object.keys(photos).map((file, i) => JSON.stringify({
    key: 'ui-' + run + '-' + (i + 1), side: 'FOUND', policeCaseNumber: 'PC-IMPORT-' + (i + 1),
    subject: { sex: i === 1 ? 'M' : 'F', birthYearFrom: 1980, birthYearTo: 1990 },
    consent: { basis: 'STATUTORY_DUTY', givenBy: 'POLICE' },
    photos: [{ file, source: 'POLICE', photoYear: 2020 }],
  }));
  const entries = { 'manifest.jsonl': Buffer.from(lines.join('\n') + '\n', 'utf8') };
  for (const [file, fixture] of Object.entries(photos)) entries[file] = readFileSync(join(fixtures, fixture));
  return { archive: zip(entries), refusedKey: 'ui-' + run + '-3' };
}
