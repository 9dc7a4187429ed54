import nx from '@nx/eslint-plugin';
import baseConfig from '../../eslint.config.mjs';

export default [
  ...nx.configs['flat/angular'],
  ...nx.configs['flat/angular-template'],
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@angular-eslint/directive-selector': [
        'error',
        {
          type: 'attribute',
          prefix: 'bx',
          style: 'camelCase',
        },
      ],
      '@angular-eslint/component-selector': [
        'error',
        {
          type: 'element',
          prefix: 'bx',
          style: 'kebab-case',
        },
      ],
    },
  },
  {
    files: ['**/*.html'],
    rules: {
      // ng-zorro's form controls are controls: a label wrapping one is associated with it.
      '@angular-eslint/template/label-has-associated-control': [
        'error',
        {
          controlComponents: [
            'nz-select',
            'nz-switch',
            'nz-input-number',
            'nz-date-picker',
            'nz-radio-group',
          ],
        },
      ],
    },
  },
];
