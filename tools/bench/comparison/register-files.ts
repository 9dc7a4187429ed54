import { composeIdNumber, DEFAULT_SCHOOL_AGE, isSchoolAge, REGISTER_KIND_FIELDS } from '@baoxue/domain';
import { once } from 'node:events';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { progress, seconds } from '../bench-report';
import { BenchPlaces } from './database';

/** Where the register files are kept between runs (the repository's tmp/, ignored by git). */
export const DATA_DIR = join(__dirname, '../../../tmp/bench/comparison');

/** Bumped whenever the generated rows change, so old files are rebuilt. */
const FILES_VERSION = 1;

/** One in this many school-age children of the household register is missing from enrolment (0.5 %). */
const MISSING_ONE_IN = 200;

/** Birth dates spread over this many days (about 11 years), ~91 % of them school age at the as-of date. */
const BIRTH_DAYS = 4018;

const DAY_MS = 86_400_000;

/** Each file's header: its kind's columns in the domain's order, under their usual Chinese header. */
const header = (kind: 'household' | 'enrolment') => REGISTER_KIND_FIELDS[kind].map((spec) => spec.headers[0]);

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红鹏宇浩然欣怡子涵梓轩雨萱梦琪浩宇思远嘉懿';

export interface RegisterFiles {
  household: { path: string; rows: number; bytes: number };
  enrolment: { path: string; rows: number; bytes: number };
  /** School-age children of the household register with no enrolment row: what the comparison must find. */
  expectedNeverEnrolled: number;
  schoolAge: number;
  asOf: string;
  reused: boolean;
}

/** A deterministic pseudo-random integer in [0, modulo) for row `i`; each `seed` an independent stream. */
function pick(i: number, seed: number, modulo: number): number {
  let h = Math.imul(i ^ Math.imul(seed, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ seed, 0x27d4eb2f);
  h ^= h >>> 15;
  return (h >>> 0) % modulo;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function childName(i: number, seed: number): string {
  const given = GIVEN[pick(i, seed + 1, GIVEN.length)];
  const second = pick(i, seed + 2, 3) === 0 ? '' : GIVEN[pick(i, seed + 3, GIVEN.length)];
  return SURNAMES[pick(i, seed, SURNAMES.length)] + given + second;
}

function gradeAt(birthDate: string, asOf: string): number {
  const age =
    Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (asOf.slice(5) < birthDate.slice(5) ? 1 : 0);
  return Math.min(9, Math.max(1, age - 5));
}

const villageShortName = (name: string): string =>
  name.replace(/(村民委员会|村委会|社区居民委员会|社区居委会|居民委员会|居委会)$/, '');

/** Lines written in batches, waiting for the disk when the stream says so: memory stays flat. */
class CsvWriter {
  private readonly stream;
  private batch: string[] = [];
  rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.stream = createWriteStream(path);
    this.batch.push(header.join(','));
  }

  async row(values: readonly (string | number)[]): Promise<void> {
    this.batch.push(values.join(','));
    this.rows++;
    if (this.batch.length >= 5000) await this.flush();
  }

  private async flush(): Promise<void> {
    const text = `${this.batch.join('\n')}\n`;
    this.batch = [];
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** The household child `i`: its village, birth date and sex, from the seeds alone. */
interface HouseholdChild {
  village: number;
  birthDate: string;
  male: boolean;
  missing: boolean;
}

function householdChild(i: number, villages: number, firstBirth: string): HouseholdChild {
  return {
    village: i % villages,
    birthDate: addDays(firstBirth, pick(i, 1, BIRTH_DAYS)),
    male: pick(i, 2, 2) === 0,
    missing: pick(i, 3, MISSING_ONE_IN) === 0,
  };
}

/**
 * household.csv (`rows` children of the county's villages, valid GB 11643 ID numbers of the
 * county, ~91 % school age at `asOf`) and enrolment.csv (`rows` rows: every school-age
 * household child but one in MISSING_ONE_IN, at their village's primary or their town's
 * junior secondary school by age, interleaved with children registered in the province's
 * other counties to make up the count). Built when missing or of another version; written
 * as streams, never held in memory. Headers are the Chinese defaults of the column mapping.
 */
export async function prepareRegisterFiles(
  places: BenchPlaces,
  rows: number,
  asOf: string,
): Promise<RegisterFiles> {
  mkdirSync(DATA_DIR, { recursive: true });
  const manifestPath = join(DATA_DIR, `registers-${rows}.json`);
  const household = join(DATA_DIR, `household-${rows}.csv`);
  const enrolment = join(DATA_DIR, `enrolment-${rows}.csv`);
  const fingerprint = `${FILES_VERSION}:${asOf}:${places.villages.map((v) => v.code + v.primarySchool + v.juniorSchool).join('').length}:${places.villages[0]?.primarySchool}`;
  if (existsSync(manifestPath) && existsSync(household) && existsSync(enrolment)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as RegisterFiles & {
      fingerprint: string;
    };
    if (manifest.fingerprint === fingerprint) {
      progress(`files: reusing ${household} and ${enrolment}`);
      return { ...manifest, reused: true };
    }
  }
  const started = Date.now();
  const { villages, otherCounties } = places;
  const firstBirth = addDays(
    asOf.replace(/^\d{4}/, (year) => String(Number(year) - 16)),
    -183,
  );
  const range = DEFAULT_SCHOOL_AGE;

  // First pass, seeds only: how many household children enrol, so the rest of the
  // enrolment file can be spread evenly among them.
  let schoolAge = 0;
  let missing = 0;
  for (let i = 0; i < rows; i++) {
    const child = householdChild(i, villages.length, firstBirth);
    if (!isSchoolAge(child.birthDate, asOf, range)) continue;
    schoolAge++;
    if (child.missing) missing++;
  }
  const outsiders = rows - (schoolAge - missing);

  const households = new CsvWriter(`${household}.part`, header('household'));
  const enrolments = new CsvWriter(`${enrolment}.part`, header('enrolment'));
  // Per birth day and sex, the sequences used so far: ID numbers stay unique.
  const sequences = new Int32Array(BIRTH_DAYS * 2);
  const firstSchoolAgeDay = addDays(
    asOf.replace(/^\d{4}/, (year) => String(Number(year) - range.to - 1)),
    1,
  );
  const schoolAgeDays = Math.round(
    (Date.parse(`${asOf.replace(/^\d{4}/, (year) => String(Number(year) - range.from))}T00:00:00Z`) -
      Date.parse(`${firstSchoolAgeDay}T00:00:00Z`)) /
      DAY_MS,
  );
  let outsidersWritten = 0;
  for (let i = 0; i < rows; i++) {
    const child = householdChild(i, villages.length, firstBirth);
    const village = villages[child.village];
    const slot = pick(i, 1, BIRTH_DAYS) * 2 + (child.male ? 0 : 1);
    const sequence = 2 * sequences[slot]++ + (child.male ? 1 : 2);
    if (sequence > 999) throw new Error(`too many children born on ${child.birthDate} for one county`);
    const idNumber = composeIdNumber(village.code.slice(0, 6), child.birthDate, sequence);
    const name = childName(i, 10);
    const sex = child.male ? '男' : '女';
    await households.row([
      idNumber,
      name,
      sex,
      child.birthDate,
      village.code,
      `${villageShortName(village.name)}${1 + pick(i, 20, 300)}号`,
      SURNAMES[pick(i, 10, SURNAMES.length)] +
        GIVEN[pick(i, 21, GIVEN.length)] +
        GIVEN[pick(i, 22, GIVEN.length)],
      `13${String(pick(i, 23, 1_000_000_000)).padStart(9, '0')}`,
    ]);
    if (isSchoolAge(child.birthDate, asOf, range) && !child.missing) {
      const grade = gradeAt(child.birthDate, asOf);
      await enrolments.row([
        `G${idNumber}`,
        idNumber,
        name,
        sex,
        child.birthDate,
        grade <= 6 ? village.primarySchool : village.juniorSchool,
        grade,
        `${1 + pick(i, 24, 6)}班`,
        '在读',
      ]);
    }
    // Children registered elsewhere in the province, attending the county's schools.
    for (
      const target = Math.floor((outsiders * (i + 1)) / rows);
      outsidersWritten < target;
      outsidersWritten++
    ) {
      const j = outsidersWritten;
      const county = otherCounties[j % otherCounties.length];
      const birthDate = addDays(firstSchoolAgeDay, Math.floor(j / otherCounties.length) % schoolAgeDays);
      const round = Math.floor(j / (otherCounties.length * schoolAgeDays));
      const male = pick(j, 30, 2) === 0;
      const outsiderId = composeIdNumber(county, birthDate, 2 * round + (male ? 1 : 2));
      const grade = gradeAt(birthDate, asOf);
      const school = villages[pick(j, 31, villages.length)];
      await enrolments.row([
        `G${outsiderId}`,
        outsiderId,
        childName(j, 40),
        male ? '男' : '女',
        birthDate,
        grade <= 6 ? school.primarySchool : school.juniorSchool,
        grade,
        `${1 + pick(j, 32, 6)}班`,
        '在读',
      ]);
    }
  }
  await households.close();
  await enrolments.close();
  if (enrolments.rows !== rows)
    throw new Error(`enrolment.csv has ${enrolments.rows} rows, expected ${rows}`);
  renameSync(`${household}.part`, household);
  renameSync(`${enrolment}.part`, enrolment);
  const files: RegisterFiles = {
    household: { path: household, rows: households.rows, bytes: statSync(household).size },
    enrolment: { path: enrolment, rows: enrolments.rows, bytes: statSync(enrolment).size },
    expectedNeverEnrolled: missing,
    schoolAge,
    asOf,
    reused: false,
  };
  writeFileSync(manifestPath, JSON.stringify({ ...files, fingerprint }, null, 2));
  progress(
    `files: ${rows} + ${rows} rows written in ${seconds(Date.now() - started)} (${schoolAge} school age, ${missing} of them not enrolled)`,
  );
  return files;
}
