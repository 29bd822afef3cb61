/** luxon's `Settings`, as far as {@link underForeignLocale} uses it (passed in: this package has no luxon). */
export interface LuxonSettings {
  defaultLocale: string;
  resetCaches(): void;
}

/** What {@link underForeignLocale} saw. */
export interface ForeignLocaleRun<T> {
  /** How often `run` asked ICU for the machine's locale (`Intl.DateTimeFormat`), luxon's caches cleared first. */
  readonly icuLookups: number;
  /** What `run` gave with luxon's default locale Thai with Thai digits, as on a machine set to it. */
  readonly underThai: T;
}

/**
 * Runs `run` twice: once counting its `Intl.DateTimeFormat` constructions (luxon makes one to learn
 * the machine's locale, which loads ICU's locale data), and once with luxon's default locale set to
 * `th-TH-u-nu-thai`, where a call without a fixed locale writes Thai digits and Buddhist years.
 */
export function underForeignLocale<T>(settings: LuxonSettings, run: () => T): ForeignLocaleRun<T> {
  const saved = settings.defaultLocale;
  const original = Intl.DateTimeFormat;
  let icuLookups = 0;
  try {
    settings.resetCaches();
    const count = (): void => {
      icuLookups += 1;
    };
    Intl.DateTimeFormat = new Proxy(original, {
      construct: (target, args, newTarget) => (count(), Reflect.construct(target, args, newTarget)),
      apply: (target, self, args) => (count(), Reflect.apply(target, self, args)),
    });
    run();
    Intl.DateTimeFormat = original;
    settings.defaultLocale = 'th-TH-u-nu-thai';
    settings.resetCaches();
    return { icuLookups, underThai: run() };
  } finally {
    Intl.DateTimeFormat = original;
    settings.defaultLocale = saved;
    settings.resetCaches();
  }
}
