import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { maskIdNumber } from '@baoxue/domain';
import { AppConfig } from '../config/app-config';

export interface ProtectedIdNumber {
  cipher: Buffer;
  hash: Buffer;
  masked: string;
}

/**
 * ID numbers at rest: AES-256-GCM ciphertext to reveal, a keyed HMAC to search and
 * detect duplicates, and the masked form to show. Both keys derive from DATA_KEY (HKDF),
 * so one secret is kept and neither key can be got from the other.
 */
@Injectable()
export class IdNumberCipher {
  private readonly encryptionKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(config: AppConfig) {
    const master = Buffer.from(config.DATA_KEY, 'base64');
    this.encryptionKey = Buffer.from(
      hkdfSync('sha256', master, Buffer.alloc(0), 'baoxue:id-number:encrypt', 32),
    );
    this.hashKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'baoxue:id-number:hash', 32));
  }

  protect(idNumber: string): ProtectedIdNumber {
    return {
      cipher: this.encrypt(idNumber),
      hash: this.hash(idNumber),
      masked: maskIdNumber(idNumber),
    };
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]);
  }

  decrypt(stored: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, stored.subarray(0, 12));
    decipher.setAuthTag(stored.subarray(12, 28));
    return Buffer.concat([decipher.update(stored.subarray(28)), decipher.final()]).toString('utf8');
  }

  /**
   * The HMAC key's inner and outer pads (RFC 2104), so set-based SQL computes the same keyed
   * hash with the built-in sha256: sha256(outer ‖ sha256(inner ‖ id)). Sent as bind parameters only.
   */
  hmacPads(): { inner: Buffer; outer: Buffer } {
    const block = Buffer.alloc(64);
    this.hashKey.copy(block);
    return {
      inner: Buffer.from(block.map((b) => b ^ 0x36)),
      outer: Buffer.from(block.map((b) => b ^ 0x5c)),
    };
  }

  /** Keyed hash of the normalised ID number. */
  hash(idNumber: string): Buffer {
    return createHmac('sha256', this.hashKey).update(idNumber).digest();
  }
}
