import js from '@eslint/js';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import { councilEslintConfig } from '../style/eslint-shared.mjs';

// check/fixtures/repo is a miniature copy of the repository that the cross-checks read, not code of ours.
export default councilEslintConfig({ js, globals, prettier }, { ignores: ['check/fixtures/'] });
