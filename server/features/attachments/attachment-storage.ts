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

/** The shape of every stored name; anything else in the folder was not put there by Tandem. */
const STORED_NAME = /^[0-9a-f]{48}$/;

/**
 * Writes the file and returns its stored name; `wx` refuses to overwrite anything. A write that fails
 * halfway (disk full) removes what it wrote; a crash in between leaves a file for the orphan sweep.
 */
export async function storeFile(dataDir: string, content: Buffer): Promise<string> {
  const folder = folderOf(dataDir);
  await fs.promises.mkdir(folder, { recursive: true });
  const storedName = randomBytes(24).toString('hex');
  const file = path.join(folder, storedName);
  try {
    await fs.promises.writeFile(file, content, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // Only our own half-written file: `wx` failing on an existing name means nothing was written.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await fs.promises.rm(file, { force: true });
    throw error;
  }
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

export interface StoredFileEntry {
  storedName: string;
  modifiedAt: Date;
}

/**
 * The stored files, in batches, read as a stream so that a large folder is never listed at once.
 * Names that are not stored names (a backup's marker, an operator's note) are never reported.
 */
export async function* listStoredFiles(dataDir: string, batchSize: number): AsyncGenerator<StoredFileEntry[]> {
  let folder: fs.Dir;
  try {
    folder = await fs.promises.opendir(folderOf(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  let batch: StoredFileEntry[] = [];
  for await (const entry of folder) {
    if (!entry.isFile() || !STORED_NAME.test(entry.name)) continue;
    let modifiedAt: Date;
    try {
      modifiedAt = (await fs.promises.stat(path.join(folderOf(dataDir), entry.name))).mtime;
    } catch (error) {
      // Removed meanwhile (a delete, or another instance's sweep on a shared volume).
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    batch.push({ storedName: entry.name, modifiedAt });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
