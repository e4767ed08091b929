import js from '@eslint/js';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import { councilEslintConfig } from '../style/eslint-shared.mjs';

export default councilEslintConfig(
  { js, globals, prettier },
  {
    // The tests hand functions to Playwright's page.evaluate: their bodies run in the dashboard's page.
    overrides: [{ files: ['test/**/*.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } }],
  },
);
