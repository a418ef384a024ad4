// A minimal XML writer for the MPD: elements with ordered attributes and children, nothing else
// (no text nodes but BaseURL's, no namespaces beyond the root's xmlns attribute).

export type XmlAttribute = readonly [name: string, value: string | undefined];

export interface XmlElement {
  readonly name: string;
  /** In output order; `undefined` values are left out so optional attributes stay optional. */
  readonly attributes?: readonly XmlAttribute[];
  readonly children?: readonly XmlElement[];
  /** Character content (only for leaf elements such as `BaseURL`). */
  readonly text?: string;
}

// XML 1.0 §2.2 Char: tab, LF and CR are the only characters below 0x20 a document may carry; lone
// surrogates (iteration yields them as single code points) and U+FFFE/U+FFFF are not characters.
function isXmlChar(codePoint: number): boolean {
  if (codePoint < 0x20) return codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false;
  return codePoint !== 0xfffe && codePoint !== 0xffff;
}

/**
 * Escapes a value for a double-quoted attribute or for text. Tab, LF and CR become character
 * references because attribute-value normalisation (XML 1.0 §3.3.3) would turn them into spaces.
 */
export function escapeXml(value: string): string {
  if (![...value].every((char) => isXmlChar(char.codePointAt(0) as number))) {
    throw new RangeError(`not representable in XML 1.0: ${JSON.stringify(value)}`);
  }
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;');
}

const xmlName = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

function openTag(element: XmlElement): string {
  if (!xmlName.test(element.name)) throw new RangeError(`not an XML element name: ${element.name}`);
  const attributes = (element.attributes ?? [])
    .filter((attribute): attribute is readonly [string, string] => attribute[1] !== undefined)
    .map(([name, value]) => {
      if (!xmlName.test(name)) throw new RangeError(`not an XML attribute name: ${name}`);
      return ` ${name}="${escapeXml(value)}"`;
    });
  return `<${element.name}${attributes.join('')}`;
}

function renderLines(element: XmlElement, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  const children = element.children ?? [];
  if (element.text !== undefined) {
    if (children.length > 0) throw new RangeError(`<${element.name}> cannot hold both text and elements`);
    lines.push(`${indent}${openTag(element)}>${escapeXml(element.text)}</${element.name}>`);
  } else if (children.length === 0) {
    lines.push(`${indent}${openTag(element)}/>`);
  } else {
    lines.push(`${indent}${openTag(element)}>`);
    for (const child of children) renderLines(child, depth + 1, lines);
    lines.push(`${indent}</${element.name}>`);
  }
}

/** The document: XML declaration, the root element indented by two spaces per level, a final newline. */
export function renderXmlDocument(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  renderLines(root, 0, lines);
  return `${lines.join('\n')}\n`;
}
