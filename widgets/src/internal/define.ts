/**
 * Registers a custom element unless the tag is taken already (the page loaded dr-widgets.js and a
 * single-widget entry, or two copies): a second define() would throw into the host page.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
