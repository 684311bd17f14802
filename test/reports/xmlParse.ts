/**
 * A small strict XML parser for tests (no dependency): elements, attributes, text and the five
 * predefined entities. It throws on anything not well-formed (unclosed or mismatched tags, raw
 * `<` or `&` in text, unquoted attributes), which is what a JUnit consumer would choke on.
 */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (raw.includes('<')) throw new SyntaxError(`raw "<" at ${where}`);
  return raw.replace(/&([^;\s]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) throw new SyntaxError(`unterminated entity at ${where}`);
    if (name in entities) return entities[name];
    if (/^#\d+$/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
    if (/^#x[0-9a-fA-F]+$/.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    throw new SyntaxError(`unknown entity &${name}; at ${where}`);
  });
}

export function parseXml(source: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml[^?]*\?>\s*/.exec(source);
  if (decl) i = decl[0].length;
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/y;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const text = lt === -1 ? source.slice(i) : source.slice(i, lt);
    stack[stack.length - 1].text += decode(text, i);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(source);
    if (!m) throw new SyntaxError(`malformed tag at ${lt}: ${source.slice(lt, lt + 40)}`);
    const [whole, closing, name, attrText, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new SyntaxError(`</${name}> closes <${open?.name}> at ${lt}`);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"/g)) {
        if (a[1] in attrs) throw new SyntaxError(`duplicate attribute ${a[1]} at ${lt}`);
        attrs[a[1]] = decode(a[2], lt);
      }
      const el: XmlElement = { name, attrs, children: [], text: '' };
      stack[stack.length - 1].children.push(el);
      if (!selfClosing) stack.push(el);
    }
    i = lt + whole.length;
  }
  if (stack.length !== 1) throw new SyntaxError(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1 || root.text.trim() !== '') throw new SyntaxError('a document has exactly one root element');
  return root.children[0];
}

/** Every descendant element with this name, in document order. */
export function elements(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...elements(c, name)]);
}
