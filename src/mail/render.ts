import { textDirection } from '../lib/languages.js';
import type { MailContent } from './templates.js';

/** A message ready for a transport: multipart text + HTML. */
export interface RenderedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/**
 * Lays a template's content out twice: as plain text (the link on its own line, so every
 * client can follow it) and as simple, inline-styled HTML. Every variable is escaped. The HTML
 * carries the language and its direction (`dir="rtl"` for Arabic) on `<html>` and again on the
 * message box, since webmail drops the `<html>` element; the inline styles have no left or right.
 */
export function render(content: MailContent, to: string, language: string, product: string, origin: string): RenderedMail {
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
    ...(content.lockdown ? [`${content.lockdown.text}\n${content.lockdown.label}:\n${content.lockdown.url}`] : []),
    ...(content.footnotes ?? []),
    `-- \n${product} · ${origin}`,
  ].join('\n\n');

  const dir = textDirection(language);
  const paragraph = (line: string) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`;
  const action = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#2563eb;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(content.action.label)}</a></p>` +
      `<p dir="ltr" style="margin:0 0 16px;font-size:13px;color:#555555;word-break:break-all">${escapeHtml(content.action.url)}</p>`
    : '';
  const lockdown = content.lockdown
    ? `<div style="margin:0 0 16px;padding:12px 16px;border:1px solid #fecaca;border-radius:6px;background:#fef2f2">` +
      `<p style="margin:0 0 8px;font-size:14px">${escapeHtml(content.lockdown.text)}</p>` +
      `<p style="margin:0"><a href="${escapeHtml(content.lockdown.url)}" style="color:#b91c1c;font-weight:600">${escapeHtml(content.lockdown.label)}</a></p></div>`
    : '';
  const footnotes = (content.footnotes ?? []).map((line) => `<p style="margin:0 0 12px;font-size:13px;color:#555555">${escapeHtml(line)}</p>`);
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(language)}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b;line-height:1.5">',
    `<div dir="${dir}" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">`,
    ...content.paragraphs.map(paragraph),
    action,
    lockdown,
    ...footnotes,
    `<p style="margin:24px 0 0;font-size:12px;color:#71717a">${escapeHtml(product)} · ${escapeHtml(origin)}</p>`,
    '</div></body></html>',
  ].join('\n');

  return { to, subject: content.subject, text, html };
}
