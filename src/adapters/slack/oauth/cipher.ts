// Encrypts installations (they hold bot tokens) before they reach the database: AES-256-GCM with a
// 32-byte key from TOKEN_ENCRYPTION_KEY, a fresh 12-byte IV per value, and the record's key as
// additional data, so a sealed value copied onto another workspace's row does not open. Several keys
// (comma-separated, newest first) allow rotation: the first seals, any of them opens.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KeyError extends Error {}

interface Key {
  id: string;
  bytes: Buffer;
}

export class TokenCipher {
  private readonly keys: Key[];

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0) throw new KeyError('no encryption key given');
    this.keys = keys.map((bytes) => {
      if (bytes.length !== 32) throw new KeyError('an encryption key must be 32 bytes');
      // A short fingerprint names the key in each sealed value without revealing it.
      return { id: createHash('sha256').update(bytes).digest('base64url').slice(0, 8), bytes };
    });
  }

  /**
   * Parses "key[,older key…]", each 64 hex digits or base64 of 32 bytes (`openssl rand -base64 32`).
   * Errors name the variable but never echo its value.
   */
  static fromSetting(value: string, variable = 'TOKEN_ENCRYPTION_KEY'): TokenCipher {
    const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
    if (parts.length === 0) throw new KeyError(`${variable} is empty.`);
    const keys = parts.map((p, i) => {
      const bytes = /^[0-9a-fA-F]{64}$/.test(p) ? Buffer.from(p, 'hex') : Buffer.from(p, 'base64');
      if (bytes.length !== 32) throw new KeyError(`${variable}: key ${i + 1} is not 32 bytes in hex (64 digits) or base64; make one with: openssl rand -base64 32`);
      return bytes;
    });
    return new TokenCipher(keys);
  }

  seal(plaintext: string, context: string): string {
    const key = this.keys[0]!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, key.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  /** The plaintext, or a throw if the value was sealed with an unknown key, for another context, or altered. */
  open(sealed: string, context: string): string {
    const [version, id, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !id || !iv || !tag || data === undefined) throw new KeyError('not a sealed value');
    const key = this.keys.find((k) => k.id === id);
    if (!key) throw new KeyError(`sealed with a key that is not configured (${id}); add it back to TOKEN_ENCRYPTION_KEY after the new one`);
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new KeyError('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, ivBytes);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tagBytes);
    try {
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyError('a sealed value does not open: altered, or sealed for another record');
    }
  }

  /** Whether a value was sealed with an older key (re-seal it with the current one). */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.keys[0]!.id;
  }
}
