import { describe, expect, it } from 'vitest';
import { contentTypeFor } from '../../src/adapters/phone-http/content-type.js';

describe('contentTypeFor', () => {
  it.each([
    ['y000000000028.cfg', 'text/plain; charset=utf-8'],
    ['001565AABBCC.CFG', 'text/plain; charset=utf-8'],
    ['spa504g.txt', 'text/plain; charset=utf-8'],
    ['snom.conf', 'text/plain; charset=utf-8'],
    ['aastra.boot', 'text/plain; charset=utf-8'],
    ['000000000000.xml', 'text/xml; charset=utf-8'],
    ['index.htm', 'text/html; charset=utf-8'],
    ['index.html', 'text/html; charset=utf-8'],
    ['phonebook.json', 'application/json'],
    ['T46-28.83.0.120.rom', 'application/octet-stream'],
    ['sip.ld', 'application/octet-stream'],
    ['fw.bin', 'application/octet-stream'],
    ['fw.tar.gz', 'application/octet-stream'],
    ['ca.crt', 'application/x-pem-file'],
    ['ca.pem', 'application/x-pem-file'],
    ['logo.png', 'image/png'],
    ['noextension', 'application/octet-stream'],
    ['.hidden', 'application/octet-stream'],
    ['weird.exe', 'application/octet-stream'],
    ['', 'application/octet-stream'],
  ])('%s → %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });
});
