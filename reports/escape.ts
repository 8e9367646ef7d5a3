/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Characters XML 1.0 cannot carry at all (controls other than tab, newline and carriage return,
 * lone surrogates, U+FFFE/U+FFFF); they are written as the text `\uXXXX` instead.
 */
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function replaceForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escapes text for XML element content. */
export function escapeXmlText(text: string): string {
  return replaceForbidden(text).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escapes text for a double-quoted XML attribute value; line breaks and tabs survive parsing. */
export function escapeXmlAttribute(text: string): string {
  return replaceForbidden(text).replace(/[&<>"\t\n\r]/g, (c) => XML_ATTRIBUTE_ENTITIES[c]!);
}

const XML_ATTRIBUTE_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * JSON safe to place inside `<script type="application/json">`: nothing in it can close the
 * element or start markup, whatever the strings hold.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Text for plotly labels (trace names, hover text): plotly reads a few HTML-like tags in labels,
 * so markup characters are written as entities and shown literally.
 */
export function plotlyText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
