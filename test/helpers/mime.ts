/**
 * A minimal MIME reader for the messages our mailer writes (nodemailer: multipart/alternative,
 * quoted-printable or base64 parts, RFC 2047 subjects). Enough to read what a mail client would.
 */
export interface ParsedMail {
  headers: Record<string, string>;
  subject: string;
  from: string;
  to: string;
  messageId: string;
  text: string;
  html: string;
  /** content types of the leaf parts, in order */
  parts: string[];
}

function splitHead(raw: string): { head: string; body: string } {
  const at = raw.indexOf('\n\n');
  return at === -1 ? { head: raw, body: '' } : { head: raw.slice(0, at), body: raw.slice(at + 2) };
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const unfolded = head.replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function param(value: string, name: string): string | null {
  const match = new RegExp(`${name}="?([^";]+)"?`, 'i').exec(value);
  return match ? (match[1] as string) : null;
}

function decodeQuotedPrintable(body: string): Buffer {
  const joined = body.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const char = joined[i] as string;
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=), adjacent ones joined. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

function decodeBody(body: string, transferEncoding: string | undefined): string {
  switch ((transferEncoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body).toString('utf8');
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

function walk(entity: string, out: { text: string; html: string; parts: string[] }): void {
  const { head, body } = splitHead(entity);
  const headers = parseHeaders(head);
  const type = headers['content-type'] ?? 'text/plain';
  if (/^multipart\//i.test(type)) {
    const boundary = param(type, 'boundary');
    if (!boundary) throw new Error('multipart without boundary');
    const sections = body.split(`--${boundary}`);
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      walk(section.replace(/^\n/, '').replace(/\n$/, ''), out);
    }
    return;
  }
  const decoded = decodeBody(body, headers['content-transfer-encoding']);
  out.parts.push(type.split(';')[0]!.trim().toLowerCase());
  if (/^text\/plain/i.test(type)) out.text += decoded;
  if (/^text\/html/i.test(type)) out.html += decoded;
}

export function parseMail(raw: string): ParsedMail {
  const normalized = raw.replace(/\r\n/g, '\n');
  const { head } = splitHead(normalized);
  const headers = parseHeaders(head);
  const out = { text: '', html: '', parts: [] as string[] };
  walk(normalized, out);
  return {
    headers,
    subject: decodeEncodedWords(headers.subject ?? ''),
    from: decodeEncodedWords(headers.from ?? ''),
    to: decodeEncodedWords(headers.to ?? ''),
    messageId: headers['message-id'] ?? '',
    text: out.text,
    html: out.html,
    parts: out.parts,
  };
}

/** The first link to `<origin><path>?token=…` in the text part, and its token. */
export function linkIn(mail: ParsedMail, origin: string, path: string): { url: string; token: string } {
  const escaped = `${origin}${path}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`${escaped}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in:\n${mail.text}`);
  return { url: match[0], token: match[1] as string };
}
