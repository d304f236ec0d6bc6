/**
 * Babel plugin for the jest transform of ESM dependencies: ES modules build their own `require` with
 * `createRequire(import.meta.url)`, which clashes with CommonJS's `require` once compiled. In
 * CommonJS the real `require` already exists, so the declaration is dropped.
 */
module.exports = function dropCreateRequire() {
  return {
    visitor: {
      VariableDeclarator(path) {
        const { id, init } = path.node;
        if (
          id.type === 'Identifier' &&
          id.name === 'require' &&
          init &&
          init.type === 'CallExpression' &&
          init.callee.name === 'createRequire'
        ) {
          path.remove();
        }
      },
    },
  };
};
