/** A user-facing name in both UI languages: Simplified Chinese first, English second. */
export interface Label {
  zh: string;
  en: string;
}

export type LabelTable<K extends string> = Readonly<Record<K, Label>>;
