/** `lang.gui`, `lang.wui` and `voice.tone.country` values for a provd locale (`ll_CC`). */
export interface Language {
  readonly gui: string;
  readonly wui: string;
  /** Call progress tones; undefined when the country has no Yealink tone set we know. */
  readonly toneCountry?: string;
}

const LANGUAGES: { readonly [language: string]: string } = {
  de: 'German',
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  it: 'Italian',
  pt: 'Portuguese',
};

const TONE_COUNTRIES: { readonly [locale: string]: string } = {
  de_DE: 'Germany',
  en_GB: 'Great Britain',
  en_US: 'United States',
  es_ES: 'Spain',
  fr_FR: 'France',
  // Yealink has no Canadian tone set; Canada uses North American tones.
  fr_CA: 'United States',
  it_IT: 'Italy',
  pt_BR: 'Brazil',
  pt_PT: 'Portugal',
};

/** `XX_lang`: by language (`fr_BE` still gets French menus), tones by full locale only. */
export const deriveLanguage = (locale: string | undefined): Language | undefined => {
  const match = locale === undefined ? null : /^([a-z]{2})_([A-Z]{2})$/.exec(locale);
  const name = match === null ? undefined : LANGUAGES[match[1] ?? ''];
  if (locale === undefined || name === undefined) return undefined;
  return { gui: name, wui: name, toneCountry: TONE_COUNTRIES[locale] };
};
