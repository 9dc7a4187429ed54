import { gradesOf } from '@baoxue/domain';
import { DemoSchool } from './demo-zone.data';

/** Largest class a school opens before splitting a grade (标准班额 is 45 in primary, 50 in junior). */
export const MAX_CLASS_SIZE = 50;

export interface PlannedClass {
  schoolCode: string;
  grade: number;
  /** `1班`, `2班`, … */
  className: string;
  size: number;
}

/**
 * How many pupils each school has in each grade and class, adding up to `total` exactly.
 * `jitter(i)` in [0, 1) varies cohort sizes so grades are not all alike; it must be
 * deterministic for the seed to be.
 */
export function planEnrolment(
  schools: readonly DemoSchool[],
  total: number,
  jitter: (index: number) => number,
): PlannedClass[] {
  const cohorts = schools.flatMap((school) => gradesOf(school.level).map((grade) => ({ school, grade })));
  const weights = cohorts.map((cohort, i) => cohort.school.perGrade * (0.9 + 0.2 * jitter(i)));
  const sizes = apportion(weights, total);
  return cohorts.flatMap(({ school, grade }, i) =>
    splitIntoClasses(sizes[i]).map((size, k) => ({
      schoolCode: school.code,
      grade,
      className: `${k + 1}班`,
      size,
    })),
  );
}

/** Largest-remainder apportionment: integers proportional to `weights` summing to `total`. */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  const short = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let k = 0; k < short; k++) counts[byRemainder[k].index]++;
  return counts;
}

/** Even classes of at most MAX_CLASS_SIZE. */
export function splitIntoClasses(pupils: number): number[] {
  if (pupils <= 0) return [];
  const classes = Math.ceil(pupils / MAX_CLASS_SIZE);
  const base = Math.floor(pupils / classes);
  return Array.from({ length: classes }, (_, k) => base + (k < pupils % classes ? 1 : 0));
}
