import { Logger } from '@nestjs/common';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateFiles, install, makeCertificate } from '../../test/utils/tls-certificates';
import { readTlsFiles, TlsPair, validateTlsPair } from './tls-credentials';
import { TlsReloader } from './tls-reloader';
import { tlsCertificateExpiry, tlsReloads } from './tls.metrics';

async function reloads(result: 'ok' | 'error'): Promise<number> {
  return (await tlsReloads.get()).values.find((v) => v.labels.result === result)?.value ?? 0;
}

describe('TlsReloader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tls-reloader-'));
  const first = makeCertificate('first.example', dir, 'first');
  const second = makeCertificate('second.example', dir, 'second');
  const served: CertificateFiles = { cert: join(dir, 'served.crt'), key: join(dir, 'served.key') };
  let applied: TlsPair[];
  let errors: jest.SpyInstance;
  let sut: TlsReloader;

  beforeEach(async () => {
    install(first, served);
    applied = [];
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const initial = validateTlsPair(await readTlsFiles(served.cert, served.key));
    sut = new TlsReloader(served.cert, served.key, initial, (pair) => applied.push(pair));
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies a renewed pair once and reports its expiry', async () => {
    const ok = await reloads('ok');
    expect(await sut.check()).toBe('unchanged');
    install(second, served);
    expect(await sut.check()).toBe('reloaded');
    expect(await sut.check()).toBe('unchanged');
    expect(applied.map((pair) => pair.subject)).toEqual(['CN=second.example']);
    expect(await reloads('ok')).toBe(ok + 1);
    const expiry = (await tlsCertificateExpiry.get()).values[0].value;
    expect(expiry).toBe(applied[0].notAfter.getTime() / 1000);
    expect(errors).not.toHaveBeenCalled();
  });

  it('waits for the key written after the certificate, without an error', async () => {
    const failed = await reloads('error');
    copyFileSync(second.cert, served.cert);
    expect(await sut.check()).toBe('pending');
    copyFileSync(second.key, served.key);
    expect(await sut.check()).toBe('reloaded');
    expect(await reloads('error')).toBe(failed);
    expect(errors).not.toHaveBeenCalled();
  });

  it('refuses a mismatched pair that stays, once, and keeps the served one', async () => {
    const failed = await reloads('error');
    copyFileSync(second.cert, served.cert);
    expect(await sut.check()).toBe('pending');
    expect(await sut.check()).toBe('refused');
    expect(await sut.check()).toBe('refused');
    expect(applied).toEqual([]);
    expect(await reloads('error')).toBe(failed + 1);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0][0])).toContain('the private key does not belong to the certificate');

    // Fixing the pair serves it; a later bad pair is reported again.
    copyFileSync(second.key, served.key);
    expect(await sut.check()).toBe('reloaded');
    writeFileSync(served.cert, 'not a certificate');
    await sut.check();
    expect(await sut.check()).toBe('refused');
    expect(await reloads('error')).toBe(failed + 2);
    expect(String(errors.mock.calls[1][0])).toContain('the certificate does not parse');
  });

  it('refuses a pair the listener rejects, and a missing file', async () => {
    const initial = validateTlsPair(await readTlsFiles(served.cert, served.key));
    const rejecting = new TlsReloader(served.cert, served.key, initial, () => {
      throw new Error('no');
    });
    install(second, served);
    expect(await rejecting.check()).toBe('pending');
    expect(await rejecting.check()).toBe('refused');
    expect(String(errors.mock.calls[0][0])).toContain('the listener refused it');

    const missing = new TlsReloader(join(dir, 'gone.crt'), served.key, initial, () => undefined);
    expect(await missing.check()).toBe('pending');
    expect(await missing.check()).toBe('refused');
    expect(String(errors.mock.calls[1][0])).toContain('a file cannot be read');
    expect(errors).toHaveBeenCalledTimes(2);
  });
});
