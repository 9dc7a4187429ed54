import { composeIdNumber } from '@baoxue/domain';
import { loadConfig } from '../config/app-config';
import { IdNumberCipher } from './id-number-cipher';

describe(IdNumberCipher.name, () => {
  const cipher = new IdNumberCipher(loadConfig({}));
  const id = composeIdNumber('370829', '2015-09-01', 123);

  it('round-trips, with a fresh IV each time', () => {
    const a = cipher.encrypt(id);
    const b = cipher.encrypt(id);
    expect(a.equals(b)).toBe(false);
    expect(cipher.decrypt(a)).toBe(id);
    expect(a.toString('latin1')).not.toContain(id);
  });

  it('hashes deterministically, and differently under another key', () => {
    expect(cipher.hash(id).equals(cipher.hash(id))).toBe(true);
    const other = new IdNumberCipher(loadConfig({ DATA_KEY: Buffer.alloc(32, 9).toString('base64') }));
    expect(other.hash(id).equals(cipher.hash(id))).toBe(false);
    expect(() => other.decrypt(cipher.encrypt(id))).toThrow();
  });

  it('masks', () => {
    expect(cipher.protect(id).masked).toBe(`370829********${id.slice(-4)}`);
  });
});
