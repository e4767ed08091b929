import js from '@eslint/js';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import { councilEslintConfig } from '../style/eslint-shared.mjs';

export default councilEslintConfig(
  { js, globals, prettier },
  {
    overrides: [
      // The dashboard is a classic browser script; the Worker entry modules run in workerd.
      { files: ['dashboard/**/*.js'], languageOptions: { sourceType: 'script', globals: { ...globals.browser } } },
      {
        files: ['src/main/js/**/*.mjs', 'bench/js-worker/**/*.mjs'],
        languageOptions: { globals: { ...globals.serviceworker } },
      },
      // The JS hub baseline uses workerd's WebSocket globals (not in the service-worker set).
      {
        files: ['bench/js-hub/**/*.mjs'],
        languageOptions: {
          globals: { ...globals.serviceworker, WebSocketPair: 'readonly', WebSocketRequestResponsePair: 'readonly' },
        },
      },
    ],
  },
);
