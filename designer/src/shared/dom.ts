import { t, type MessageKey, type MessageParams } from './i18n';

export type Child = Node | string | null | undefined | false;

/** A translated text: the key and its parameters are kept on the element so a language switch can redo it. */
export interface Text {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

export interface Props {
  readonly [name: string]: unknown;
  /** Translated text content. */
  readonly text?: MessageKey | Text;
  /** Translated attributes such as `aria-label`, `title` or `placeholder`. */
  readonly attrs?: Readonly<Record<string, MessageKey | Text>>;
}

const textKeyAttribute = 'data-i18n';
const textParamsAttribute = 'data-i18n-params';
const attributeKeysAttribute = 'data-i18n-attrs';

/**
 * Creates an element. Props named `on<event>` with a function become event listeners, `true`/`false`
 * set or omit an attribute, everything else becomes an attribute; `text` and `attrs` are translated.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'text' || name === 'attrs' || value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value as EventListener);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (typeof value === 'string' || typeof value === 'number') {
      element.setAttribute(name, String(value));
    } else {
      // An object would become the attribute "[object Object]": a mistake in the caller, not a value to show.
      throw new TypeError(`h(): the attribute ${name} must be a string, a number or a boolean.`);
    }
  }
  if (props.text !== undefined) {
    setText(element, props.text);
  }
  if (props.attrs !== undefined) {
    setTranslatedAttributes(element, props.attrs);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function setText(element: Element, text: MessageKey | Text): void {
  const { key, params } = typeof text === 'string' ? { key: text, params: undefined } : text;
  element.setAttribute(textKeyAttribute, key);
  if (params) {
    element.setAttribute(textParamsAttribute, JSON.stringify(params));
  } else {
    element.removeAttribute(textParamsAttribute);
  }
  element.textContent = t(key, params);
}

function setTranslatedAttributes(element: Element, attrs: Readonly<Record<string, MessageKey | Text>>): void {
  const normalised = Object.fromEntries(
    Object.entries(attrs).map(([name, text]) => [name, typeof text === 'string' ? { key: text } : text]),
  );
  element.setAttribute(attributeKeysAttribute, JSON.stringify(normalised));
  for (const [name, text] of Object.entries(normalised)) {
    element.setAttribute(name, t(text.key, text.params));
  }
}

/** Translates again every text and attribute below `root` that was set through `h`/`setText`. */
export function retranslate(root: ParentNode): void {
  for (const element of root.querySelectorAll(`[${textKeyAttribute}]`)) {
    const key = element.getAttribute(textKeyAttribute) as MessageKey;
    const params = element.getAttribute(textParamsAttribute);
    element.textContent = t(key, params ? (JSON.parse(params) as MessageParams) : undefined);
  }
  for (const element of root.querySelectorAll(`[${attributeKeysAttribute}]`)) {
    const attrs = JSON.parse(element.getAttribute(attributeKeysAttribute) ?? '{}') as Record<string, Text>;
    for (const [name, text] of Object.entries(attrs)) {
      element.setAttribute(name, t(text.key, text.params));
    }
  }
}

let idCounter = 0;

/** A document-unique id for label/aria references. */
export function uniqueId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Offers `content` to the browser as a file download named `fileName`. */
export function downloadFile(fileName: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
