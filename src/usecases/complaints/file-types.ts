/**
 * What type a chosen file is: the declared type, or for an e-mail sent without a useful one, its extension's.
 * Both the attachment checks (attachments.ts) and the zip-bomb check (archives.ts) read it; it imports neither.
 */

export interface AttachmentInput {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

export const normalisedType = (t: string) => t.split(';')[0]!.trim().toLowerCase();

/** The type an extension names (`.eml`, `.msg` …), for files a browser or mail program sends without a useful type. */
export function typeByExtension(name: string): string | undefined {
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  return ext ? Object.entries(EXTENSIONS).find(([, exts]) => exts.includes(ext))?.[0] : undefined;
}

/** The stored name ends in the extension of its (checked) type, so a download never opens as something else. */
export const EXTENSIONS: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'text/plain': ['txt'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/msword': ['doc'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'message/rfc822': ['eml'],
  'application/vnd.ms-outlook': ['msg'],
};

/**
 * The declared type, except that an .eml or .msg sent as `application/octet-stream` (or without a type, as
 * browsers do for these) counts as what its extension says; its content is checked against that type all the same.
 */
export function effectiveType(f: { filename: string; contentType: string }): string {
  const declared = normalisedType(f.contentType);
  if (declared === '' || declared === 'application/octet-stream') {
    const byExt = typeByExtension(f.filename);
    if (byExt === 'message/rfc822' || byExt === 'application/vnd.ms-outlook') return byExt;
  }
  return declared;
}
