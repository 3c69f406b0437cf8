/**
 * Files of attachments and library assets under `$DATA_DIR/attachments`, each under a random name: the
 * uploaded name never touches the file system, and names cannot be guessed.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

function folderOf(dataDir: string) {
  return path.join(dataDir, 'attachments');
}

/** Writes the file and returns its stored name; `wx` refuses to overwrite anything. */
export async function storeFile(dataDir: string, content: Buffer): Promise<string> {
  const folder = folderOf(dataDir);
  await fs.promises.mkdir(folder, { recursive: true });
  const storedName = randomBytes(24).toString('hex');
  await fs.promises.writeFile(path.join(folder, storedName), content, { flag: 'wx', mode: 0o600 });
  return storedName;
}

export function openStoredFile(dataDir: string, storedName: string): fs.ReadStream {
  return fs.createReadStream(path.join(folderOf(dataDir), storedName));
}

export function storedFileExists(dataDir: string, storedName: string): boolean {
  return fs.existsSync(path.join(folderOf(dataDir), storedName));
}

/** A file already gone is fine: the row was the truth. */
export async function removeStoredFile(dataDir: string, storedName: string): Promise<void> {
  await fs.promises.rm(path.join(folderOf(dataDir), storedName), { force: true });
}
