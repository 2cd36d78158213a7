import { createSystem, defaultBaseConfig, defineConfig, defineSemanticTokens } from '@chakra-ui/react';
import {
  alertSlotRecipe,
  animationStyles,
  badgeRecipe,
  breakpoints,
  buttonRecipe,
  cardSlotRecipe,
  checkboxSlotRecipe,
  cssVarsPrefix,
  cssVarsRoot,
  dataListSlotRecipe,
  dialogSlotRecipe,
  fieldSlotRecipe,
  globalCss,
  headingRecipe,
  inputRecipe,
  keyframes,
  layerStyles,
  nativeSelectSlotRecipe,
  progressSlotRecipe,
  semanticTokens,
  separatorRecipe,
  skipNavLinkRecipe,
  spinnerRecipe,
  statSlotRecipe,
  tableSlotRecipe,
  tabsSlotRecipe,
  textareaRecipe,
  textStyles,
  tokens,
} from '@chakra-ui/react/theme';

/**
 * Chakra's default theme with only the component recipes this app uses: the full default system ships
 * (and turns into CSS at start-up) every recipe of every component. Add a recipe here when a new
 * Chakra component appears in the app.
 */
const trimmedTheme = defineConfig({
  preflight: true,
  cssVarsRoot,
  cssVarsPrefix,
  globalCss,
  theme: {
    breakpoints,
    keyframes,
    tokens,
    semanticTokens,
    textStyles,
    layerStyles,
    animationStyles,
    recipes: {
      badge: badgeRecipe,
      button: buttonRecipe,
      heading: headingRecipe,
      input: inputRecipe,
      separator: separatorRecipe,
      skipNavLink: skipNavLinkRecipe,
      spinner: spinnerRecipe,
      textarea: textareaRecipe,
    },
    slotRecipes: {
      alert: alertSlotRecipe,
      card: cardSlotRecipe,
      checkbox: checkboxSlotRecipe,
      dataList: dataListSlotRecipe,
      dialog: dialogSlotRecipe,
      field: fieldSlotRecipe,
      nativeSelect: nativeSelectSlotRecipe,
      progress: progressSlotRecipe,
      stat: statSlotRecipe,
      table: tableSlotRecipe,
      tabs: tabsSlotRecipe,
    },
  },
});

/** Palettes whose solid fill carries white text: Chakra's 600 shade is too light for it (teal 3.7:1). */
const CHROMATIC = ['red', 'orange', 'green', 'teal', 'blue', 'cyan', 'purple', 'pink'] as const;

/**
 * Where Chakra's default colours fall short of WCAG 2.1 AA in light mode (the app offers no dark mode):
 * white on a 600 fill, red-500 error text (3.8:1), 400/500 focus rings (gray 2.6:1) and the near-white
 * outline of form fields. e2e/contrast.e2e.ts checks every pair the app uses in the built CSS.
 */
const accessibleColors = defineSemanticTokens.colors({
  fg: {
    error: { value: { _light: '{colors.red.600}', _dark: '{colors.red.400}' } },
    warning: { value: { _light: '{colors.orange.700}', _dark: '{colors.orange.300}' } },
    success: { value: { _light: '{colors.green.700}', _dark: '{colors.green.300}' } },
  },
  border: {
    /** The outline of a text field or select: a control's boundary needs 3:1 against the page (WCAG 1.4.11). */
    control: { value: { _light: '{colors.gray.500}', _dark: '{colors.gray.400}' } },
  },
  /** Links inside text: coloured and underlined (colour alone would not set them apart). */
  link: { value: { _light: '{colors.teal.700}', _dark: '{colors.teal.300}' } },
  /**
   * The Reports chart's series: bars are graphics that must stand out from the card at 3:1 (WCAG 1.4.11),
   * so no shade lighter than 600 (Chakra's 400/500 are 1.5-2.8:1 on white). Legend and axis text are
   * `fg`; a swatch carries the colour. Receivables age from teal (not yet due) to dark red (over 90 days).
   */
  chart: {
    completed: { value: '{colors.teal.700}' },
    noShow: { value: '{colors.red.600}' },
    cancelled: { value: '{colors.orange.600}' },
    other: { value: '{colors.gray.500}' },
    booked: { value: '{colors.teal.700}' },
    invoiced: { value: '{colors.blue.600}' },
    collected: { value: '{colors.teal.700}' },
    refunded: { value: '{colors.red.600}' },
    current: { value: '{colors.teal.700}' },
    days1to30: { value: '{colors.yellow.700}' },
    days31to60: { value: '{colors.orange.600}' },
    days61to90: { value: '{colors.red.600}' },
    over90: { value: '{colors.red.800}' },
  },
  gray: { focusRing: { value: { _light: '{colors.gray.600}', _dark: '{colors.gray.400}' } } },
  yellow: { focusRing: { value: { _light: '{colors.yellow.700}', _dark: '{colors.yellow.500}' } } },
  ...Object.fromEntries(
    CHROMATIC.map((palette) => [
      palette,
      {
        solid: { value: { _light: `{colors.${palette}.700}`, _dark: `{colors.${palette}.600}` } },
        focusRing: { value: { _light: `{colors.${palette}.600}`, _dark: `{colors.${palette}.500}` } },
      },
    ]),
  ),
});

const controlOutline = { borderColor: 'border.control' };

const accessibleTheme = defineConfig({
  globalCss: {
    a: { color: 'link', textDecoration: 'underline', textUnderlineOffset: '0.15em', focusVisibleRing: 'outside' },
  },
  theme: {
    semanticTokens: { colors: accessibleColors },
    recipes: {
      input: { variants: { variant: { outline: controlOutline } } },
      textarea: { variants: { variant: { outline: controlOutline } } },
    },
    slotRecipes: {
      nativeSelect: { slots: nativeSelectSlotRecipe.slots, variants: { variant: { outline: { field: controlOutline } } } },
    },
  },
});

export const system = createSystem(defaultBaseConfig, trimmedTheme, accessibleTheme);
