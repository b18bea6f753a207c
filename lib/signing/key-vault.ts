// Private keys at rest: AES-256-GCM under a key-encryption key generated once into the data folder
// (`<dataDir>/signing-kek`, mode 0600). The ciphertexts live in the database beside their
// certificates, so neither a database dump nor a copy of the data folder alone yields a usable key.
// The certificate serial is the additional authenticated data: a ciphertext moved to another row
// fails to decrypt instead of signing under someone else's name.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const FORMAT = 'v1';
const KEY_BYTES = 32;

export interface KeyVault {
  encrypt(privateKeyPem: string, serial: string): string;
  decrypt(sealed: string, serial: string): string;
}

export function kekPath(dataDir: string): string {
  return path.join(dataDir, 'signing-kek');
}

/**
 * Reads the key-encryption key, creating it when absent. Two processes starting at once both
 * write a complete temp file and then try to hard-link it into place: link() fails when the name
 * exists, so exactly one key wins and nobody ever reads a half-written file.
 */
export async function loadOrCreateKek(dataDir: string): Promise<Buffer> {
  const file = kekPath(dataDir);
  const existing = await readKek(file);
  if (existing) return existing;
  await mkdir(dataDir, { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, randomBytes(KEY_BYTES).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temp, { force: true });
  }
  const kek = await readKek(file);
  if (!kek) throw new Error(`${file} could not be created`);
  return kek;
}

async function readKek(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a ${KEY_BYTES}-byte key`);
  return key;
}

export function createKeyVault(kek: Buffer): KeyVault {
  return {
    encrypt(privateKeyPem, serial) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', kek, iv);
      cipher.setAAD(Buffer.from(serial, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(privateKeyPem, 'utf8'), cipher.final()]);
      return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
    },
    decrypt(sealed, serial) {
      const [format, iv, tag, ciphertext] = sealed.split(':');
      if (format !== FORMAT || !iv || !tag || !ciphertext) throw new Error('unknown format of an encrypted private key');
      const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(serial, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new Error(`the private key of certificate ${serial} cannot be decrypted: wrong key-encryption key (${kekPath('<dataDir>')}) or a tampered row`, { cause: error });
      }
    },
  };
}
