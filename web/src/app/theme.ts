import { Anchor, type CSSVariablesResolver, createTheme, InputWrapper } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 keeps white text on filled buttons above 4.5:1 (WCAG AA).
  primaryShade: { light: 8, dark: 5 },
  autoContrast: true,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  focusRing: 'auto',
  components: {
    // Labels stay exactly their text (no " *"), so they read cleanly and tests can match them;
    // optional fields say "(optional)" instead.
    InputWrapper: InputWrapper.extend({ defaultProps: { withAsterisk: false } }),
    // Links inside text must not rely on colour alone (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
  },
});

const PALETTE = [
  'dark',
  'gray',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
];

/**
 * Mantine's default dimmed grey, error red and "light" variant texts (alerts, badges) fall below
 * 4.5:1 on their backgrounds; darker shades keep them readable (WCAG AA).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    ...Object.fromEntries(PALETTE.map((color) => [`--mantine-color-${color}-light-color`, `var(--mantine-color-${color}-9)`])),
    // Even shade 9 of orange (3.9:1) and yellow (2.8:1) is too light on their own tint; these browns keep 5:1 and more.
    '--mantine-color-orange-light-color': '#b03d0a',
    '--mantine-color-yellow-light-color': '#8a4d00',
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});
