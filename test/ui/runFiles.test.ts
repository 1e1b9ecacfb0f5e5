import { describe, expect, it } from 'vitest';
import { mediaFromText } from '../../src/core/executor/values.ts';
import { formatCost, formatElapsed } from '../../src/ui/run/format.ts';
import { fileProblem, localFileRef, parseLocalFileRef } from '../../src/ui/run/localFiles.ts';
import { extensionFor, saveFileName } from '../../src/ui/run/saveFiles.ts';

const HASH = 'ab'.repeat(32);

describe('files chosen in the browser', () => {
  it('are named by content hash and file name, and the executor treats them as local files (not URLs)', () => {
    const ref = localFileRef(HASH, 'my photo #1.png');
    expect(parseLocalFileRef(ref)).toEqual({ hash: HASH, name: 'my photo #1.png' });
    expect(mediaFromText('image', ref)).toEqual({ kind: 'image', local: ref });
  });

  it('refuses references that are not ours, and files of the wrong kind or too large', () => {
    expect(parseLocalFileRef('https://example.com/a.png')).toBeUndefined();
    expect(parseLocalFileRef('weft-file:nothex:a.png')).toBeUndefined();
    expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 10 }, 'image')).toMatch(/takes an image/);
    expect(fileProblem({ name: 'a.mp4', type: 'video/mp4', size: 300 * 1024 * 1024 }, 'video')).toMatch(/up to 200 MiB/);
    expect(fileProblem({ name: 'a.png', type: 'image/png', size: 10 }, 'image')).toBeUndefined();
  });
});

describe('save file names', () => {
  it('fill the pattern, keep the extension of the content, and never leave a path', () => {
    expect(saveFileName('{graph}-{node}-{index}', { graph: 'Veo 3.1 clip', node: 'save', index: 0, ext: 'mp4' })).toBe('Veo 3.1 clip-save-0.mp4');
    expect(saveFileName('../../etc/{node}', { graph: 'g', node: 'passwd', index: 0, ext: 'txt' })).toBe('_etc_passwd.txt');
    expect(saveFileName('', { graph: 'g', node: 'n', index: 0, ext: 'png' })).toBe('weft.png');
    expect(extensionFor('video/mp4')).toBe('mp4');
    expect(extensionFor(undefined, 'audio')).toBe('mp3');
  });
});

describe('run numbers on screen', () => {
  it('read as people expect', () => {
    expect(formatElapsed(4200)).toBe('4.2 s');
    expect(formatElapsed(125_000)).toBe('2 min 05 s');
    expect(formatCost({ amount: 0.5, currency: 'USD' })).toBe('$0.50');
    expect(formatCost({ amount: 1.2, currency: 'CNY' })).toBe('1.20 CNY');
  });
});
