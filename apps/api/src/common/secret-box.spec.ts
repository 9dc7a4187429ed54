import { loadConfig } from '../config/app-config';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(loadConfig({ NODE_ENV: 'test' }));

  it('round-trips a secret and never stores it in clear', () => {
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef-123456';
    const sealed = box.seal(url);
    expect(sealed.toString('utf8')).not.toContain('abcdef');
    expect(box.open(sealed)).toBe(url);
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('same').equals(box.seal('same'))).toBe(false);
  });

  it('refuses a tampered value or another key', () => {
    const sealed = box.seal('secret');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => box.open(tampered)).toThrow();
    const other = new SecretBox(
      loadConfig({ NODE_ENV: 'test', DATA_KEY: Buffer.alloc(32, 7).toString('base64') }),
    );
    expect(() => other.open(sealed)).toThrow();
  });
});
