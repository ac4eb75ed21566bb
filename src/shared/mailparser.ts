import type { ParsedMail } from 'mailparser';

/**
 * mailparser's `simpleParser`, loaded at the first e-mail read and not at start: the start page and the complaint
 * pages import the triage that uses it, and most starts read no e-mail (issue 13: it costs a start ~0.1–0.2 s).
 */
export async function simpleParser(source: Buffer): Promise<ParsedMail> {
  const { simpleParser: parse } = await import('mailparser');
  return parse(source);
}
