import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dicomFile, heicHeader, minimalPdf, sampleFiles } from '../../test/files.js';
import { detectFileType, isPlainText } from './file-types.js';
import { answerRange } from './byte-range.js';
import { dispositionFor } from './file-headers.js';
import { cleanFileName } from './file-names.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('detectFileType', () => {
  it('recognises every accepted type from its bytes', async () => {
    const samples = await sampleFiles();
    const cases: [Buffer, string | undefined][] = [
      [samples.jpeg.bytes, 'image/jpeg'],
      [samples.png.bytes, 'image/png'],
      [samples.webp.bytes, 'image/webp'],
      [heicHeader(), 'image/heic'],
      [Buffer.concat([Buffer.from([0, 0, 0, 0x18]), utf8('ftypmif1'), Buffer.alloc(4), utf8('mif1heic'), Buffer.alloc(50)]), 'image/heif'],
      [minimalPdf(), 'application/pdf'],
      [dicomFile(), 'application/dicom'],
      [utf8('Referral\nالمريض\n'), 'text/plain'],
      [utf8('\uFEFFwith a byte-order mark'), 'text/plain'],
    ];
    for (const [bytes, expected] of cases) assert.equal((await detectFileType(bytes, true))?.mimeType, expected);
  });

  it('refuses everything else', async () => {
    const refused: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['HTML', utf8('<!DOCTYPE html><p>hi')],
      ['HTML after blank lines', utf8('\n\n   <html>')],
      ['HTML inside text', utf8('notes\n<script>alert(1)</script>')],
      ['SVG', utf8('<svg xmlns="http://www.w3.org/2000/svg"/>')],
      ['XML', utf8('<?xml version="1.0"?><a/>')],
      ['GIF', Buffer.from('GIF89a\u0001\u0000', 'latin1')],
      ['ZIP', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])],
      ['AVIF', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), utf8('ftypavif'), Buffer.alloc(4), utf8('mif1avif')])],
      ['HEIC sequence', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), utf8('ftyphevc'), Buffer.alloc(4), utf8('mif1hevc')])],
      ['NUL in text', utf8('abc\u0000def')],
      ['escape codes', utf8('\u001b[31mred')],
      ['Latin-1', Buffer.from([0x63, 0x61, 0x66, 0xe9])],
      ['DICM at the wrong place', Buffer.concat([Buffer.alloc(100), utf8('DICM'), Buffer.alloc(100)])],
    ];
    for (const [name, bytes] of refused) assert.equal(await detectFileType(bytes, true), undefined, name);
  });
});

describe('isPlainText', () => {
  it('allows a multi-byte character cut at the end of an incomplete sample, not of a whole file', () => {
    const cut = utf8('نص عربي').subarray(0, 3);
    assert.equal(isPlainText(cut, false), true);
    assert.equal(isPlainText(cut, true), false);
  });
});

describe('answerRange', () => {
  const cases: [string | undefined, number, ReturnType<typeof answerRange>][] = [
    [undefined, 100, { kind: 'full' }],
    ['bytes=0-9', 100, { kind: 'partial', range: { start: 0, end: 9 } }],
    ['bytes=90-', 100, { kind: 'partial', range: { start: 90, end: 99 } }],
    ['bytes=-10', 100, { kind: 'partial', range: { start: 90, end: 99 } }],
    ['bytes=-500', 100, { kind: 'partial', range: { start: 0, end: 99 } }],
    ['bytes=50-5000', 100, { kind: 'partial', range: { start: 50, end: 99 } }],
    ['BYTES=1-1', 100, { kind: 'partial', range: { start: 1, end: 1 } }],
    ['bytes=100-', 100, { kind: 'unsatisfiable' }],
    ['bytes=100-200', 100, { kind: 'unsatisfiable' }],
    ['bytes=-0', 100, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=9-1', 100, { kind: 'full' }],
    ['bytes=0-1,5-6', 100, { kind: 'full' }],
    ['items=0-1', 100, { kind: 'full' }],
    ['bytes=-', 100, { kind: 'full' }],
    ['bytes=a-b', 100, { kind: 'full' }],
  ];
  for (const [header, size, expected] of cases) {
    it(`${header ?? '(none)'} of ${size} bytes`, () => assert.deepEqual(answerRange(header, size), expected));
  }
});

describe('dispositionFor', () => {
  it('is inline only for images and PDF, and keeps any name in filename*', () => {
    assert.equal(dispositionFor('application/pdf', 'consent.pdf'), 'inline; filename=consent.pdf');
    assert.equal(dispositionFor('image/png', 'x.png', true), 'attachment; filename=x.png');
    assert.equal(dispositionFor('application/dicom', 'pa.dcm'), 'attachment; filename=pa.dcm');
    assert.equal(dispositionFor('text/plain', 'a.txt'), 'attachment; filename=a.txt');
    assert.equal(dispositionFor('image/jpeg', 'صورة.jpg'), `inline; filename=file.jpg; filename*=UTF-8''${encodeURIComponent('صورة.jpg')}`);
    assert.equal(dispositionFor('application/pdf', 'Ahmad إقرار.pdf').split(';')[1], ' filename="Ahmad .pdf"');
    assert.match(dispositionFor('application/pdf', 'a"b\\c.pdf'), /^inline; filename="a\\"b\\\\c\.pdf"$/);
  });
});

describe('cleanFileName', () => {
  const cases: [string | undefined, string][] = [
    ['x-ray.png', 'x-ray.png'],
    ['  إقرار الموافقة.pdf  ', 'إقرار الموافقة.pdf'],
    ['C:\\Users\\nora\\scan.jpg', 'scan.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['photo\u202Egnp.exe', 'photognp.exe'],
    ['line\nbreak.txt', 'linebreak.txt'],
    ['', 'file'],
    [undefined, 'file'],
    ['..', 'file'],
    ['e\u0301.txt', 'é.txt'],
    ['a'.repeat(300), 'a'.repeat(255)],
  ];
  for (const [sent, expected] of cases) it(JSON.stringify(sent), () => assert.equal(cleanFileName(sent), expected));
});
