/** `3|2班` — a class (年级 + 班级) as one select value. */
export function classKey(grade: number, className: string): string {
  return `${grade}|${className}`;
}

/** The class of a select value, or null for none or a malformed one. */
export function parseClassKey(key: string | null | undefined): { grade: number; className: string } | null {
  const at = key ? key.indexOf('|') : -1;
  if (!key || at <= 0) return null;
  const grade = Number(key.slice(0, at));
  const className = key.slice(at + 1);
  return Number.isInteger(grade) && grade > 0 && className ? { grade, className } : null;
}
