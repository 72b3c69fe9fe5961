// Config of @custom-elements-manifest/analyzer: the widgets' JSDoc (@summary @event @slot @csspart
// @cssproperty) becomes dist/custom-elements.json, which Storybook's autodocs and IDEs read.
// Run by widgets/bin/build.mjs after the Vite build (which empties dist), or alone by `npm run cem`.

/**
 * Widgets register through `defineElement(tag, Class)` (internal/define.ts: a second define() would
 * throw into the host page), which the analyzer does not know: record the tag as
 * `customElements.define` would, so each class gets its `tagName`.
 */
function defineElementCalls() {
  return {
    name: 'dr-define-element-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tag, element] = node.arguments;
      if (!tag || !element || !ts.isStringLiteral(tag) || !ts.isIdentifier(element)) return;
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        { kind: 'custom-element-definition', name: tag.text, declaration: { name: element.text, module: moduleDoc.path } },
      ];
    },
  };
}

/**
 * Keeps the manifest to the public surface. Dropped: private and `#` members, fields a widget gets
 * by @lit/context (set by <dr-provider>, not by hosts), and events without an `@event` description:
 * the analyzer reads `dispatchEvent(new DrXEvent(arg))` as an event named after `arg`, which is
 * wrong for our event classes; every real event is documented with `@event` on the class.
 */
function publicSurfaceOnly() {
  const consumedFields = new Set();
  return {
    name: 'dr-public-surface-only',
    analyzePhase({ ts, node }) {
      if (!ts.isPropertyDeclaration(node) || !ts.isClassDeclaration(node.parent) || !node.parent.name) return;
      const decorators = ts.getDecorators?.(node) ?? [];
      const isConsumed = decorators.some((d) => ts.isCallExpression(d.expression) && ts.isIdentifier(d.expression.expression) && d.expression.expression.text === 'consume');
      if (isConsumed) consumedFields.add(`${node.parent.name.text}.${node.name.getText()}`);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.kind !== 'class') continue;
          declaration.members = declaration.members?.filter(
            (m) => m.privacy !== 'private' && m.privacy !== 'protected' && !m.name.startsWith('#') && !consumedFields.has(`${declaration.name}.${m.name}`),
          );
          if (declaration.events) declaration.events = declaration.events.filter((e) => e.description);
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/*.test.ts', 'src/**/*.stories.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json names the manifest once ("customElements"); the analyzer must not rewrite the file.
  packagejson: false,
  plugins: [defineElementCalls(), publicSurfaceOnly()],
};
