/** Reading the HTML report back with parse5, the HTML parser browsers follow. */
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

export type Element = DefaultTreeAdapterMap['element'];
type Node = DefaultTreeAdapterMap['node'];

export function elements(html: string): Element[] {
  const found: Element[] = [];
  const stack: Node[] = [parse(html)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ('tagName' in node) found.push(node);
    if (node.nodeName === 'template') stack.push((node as DefaultTreeAdapterMap['template']).content);
    if ('childNodes' in node) for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
  }
  return found;
}

export const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

export function textOf(el: Element | DefaultTreeAdapterMap['node']): string {
  if (el.nodeName === '#text') return (el as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in el ? el.childNodes.map(textOf).join('') : '';
}

/** Every element with its attributes, in document order: what evidence text must never change. */
export function skeleton(html: string): string[] {
  return elements(html).map((el) => `${el.tagName}[${el.attrs.map((a) => `${a.name}=${a.value}`).join(' ')}]`);
}
