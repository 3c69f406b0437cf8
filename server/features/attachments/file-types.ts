/**
 * The allow-list of uploadable files. The extension says what the file claims to be; the content must
 * agree (magic bytes, the Office package's main part, or text without control characters), so a renamed
 * executable or archive is refused. The stored content type comes from this list, never from the client.
 */

interface FileKind {
  contentType: string;
  /** The charset to declare, for text; null when the content does not match. */
  matches(content: Buffer): boolean | TextCharset | null;
}

type TextCharset = 'utf-8' | 'windows-1252';

const startsWith = (content: Buffer, bytes: number[]) => bytes.every((b, i) => content[i] === b);

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];

/** An Office Open XML package: a ZIP whose entry names (stored uncompressed) include the main part. */
function officePackage(mainPart: string) {
  return (content: Buffer) => startsWith(content, ZIP_LOCAL_HEADER) && content.includes(Buffer.from(mainPart, 'latin1'));
}

/**
 * Text: no NUL and no control characters but tab, line breaks and form feed. UTF-8 (a BOM allowed), or
 * else the 8-bit Windows encoding that German Excel still writes CSV files in.
 */
function textCharsetOf(content: Buffer): TextCharset | null {
  for (const byte of content) {
    if (isControl(byte) && !TEXT_CONTROLS.has(byte)) return null;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Tab, line feed, form feed and carriage return belong in text files. */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

export function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

const PDF: FileKind = { contentType: 'application/pdf', matches: (c) => startsWith(c, [0x25, 0x50, 0x44, 0x46, 0x2d]) };
const PNG: FileKind = {
  contentType: 'image/png',
  matches: (c) => startsWith(c, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};
const JPEG: FileKind = { contentType: 'image/jpeg', matches: (c) => startsWith(c, [0xff, 0xd8, 0xff]) };

const KINDS: Record<string, FileKind> = {
  pdf: PDF,
  png: PNG,
  jpg: JPEG,
  jpeg: JPEG,
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    matches: officePackage('word/'),
  },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', matches: officePackage('xl/') },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    matches: officePackage('ppt/'),
  },
  txt: { contentType: 'text/plain', matches: textCharsetOf },
  csv: { contentType: 'text/csv', matches: textCharsetOf },
};

export type FileCheck =
  | { ok: true; contentType: string }
  | { ok: false; reason: 'extension_not_allowed' | 'content_mismatch'; extension: string };

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

export function checkFileType(fileName: string, content: Buffer): FileCheck {
  const extension = extensionOf(fileName);
  const kind = KINDS[extension];
  if (!kind) return { ok: false, reason: 'extension_not_allowed', extension };
  const match = content.length === 0 ? null : kind.matches(content);
  if (!match) return { ok: false, reason: 'content_mismatch', extension };
  return { ok: true, contentType: match === true ? kind.contentType : `${kind.contentType}; charset=${match}` };
}
