import { MigrationInterface, QueryRunner } from 'typeorm';

/** Regions, organisations, users, sessions, the audit log, and children with guardians and flags. */

export class CreatePlatformSchema1795868228018 implements MigrationInterface {
  name = 'CreatePlatformSchema1795868228018';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "action" text NOT NULL, "entity_type" text, "entity_id" uuid, "region_path" text COLLATE "C", "reason" text, "client_ip" text, "details" jsonb, "actor_user_id" uuid, "actor_username" text, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_68d908019304f757740bc47a0a" ON "audit_events" ("action") `);
    await queryRunner.query(`CREATE INDEX "IDX_24530679b55965efb260852679" ON "audit_events" ("entity_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_727c4f6e3cf164524fc26ba7a4" ON "audit_events" ("region_path") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_da4e1f7755a2ab9a8b7ddefaa4" ON "audit_events" ("actor_user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4e139cc590fd5127ecc451472e" ON "audit_events" ("occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."region_kind" AS ENUM('province', 'city', 'county', 'zone', 'town', 'village')`,
    );
    await queryRunner.query(
      `CREATE TABLE "regions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(12) NOT NULL, "name" text NOT NULL, "kind" "public"."region_kind" NOT NULL, "path" text COLLATE "C" NOT NULL, "depth" smallint NOT NULL, "statistical_parent_code" character varying(12), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "parent_id" uuid, CONSTRAINT "PK_4fcd12ed6a046276e2deb08801c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4f6dc5a464961e7c65a395ea4c" ON "regions" ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_0dc8c36f97c1840565e9a9e53c" ON "regions" ("path") `);
    await queryRunner.query(`CREATE INDEX "IDX_b1dc15f575548116575b521d8d" ON "regions" ("parent_id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."organisation_type" AS ENUM('education_bureau', 'school', 'county_government', 'town_government', 'village_committee', 'department')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."department_kind" AS ENUM('public_security', 'civil_affairs', 'disabled_persons_federation', 'health', 'human_resources', 'justice', 'rural_revitalisation')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."school_level" AS ENUM('primary', 'junior_secondary', 'nine_year')`,
    );
    await queryRunner.query(
      `CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "type" "public"."organisation_type" NOT NULL, "region_path" text COLLATE "C" NOT NULL, "department_kind" "public"."department_kind", "school_code" character(10), "school_level" "public"."school_level", "school_district" text, "address" text, "phone" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "region_id" uuid NOT NULL, CONSTRAINT "organisation_department_kind" CHECK ((type = 'department') = (department_kind IS NOT NULL)), CONSTRAINT "organisation_school_fields" CHECK (type <> 'school' OR (school_code IS NOT NULL AND school_level IS NOT NULL)), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_cf8deda310d11c3e0d374e698d" ON "organisations" ("region_path") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_231ce084a3c56a15284b03ccb0" ON "organisations" ("school_code") WHERE school_code IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4f6c538e372f7aa6818a88b453" ON "organisations" ("region_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."user_role" AS ENUM('admin', 'bureau_leader', 'bureau_officer', 'government_official', 'department_liaison', 'village_official', 'school_staff')`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "role" "public"."user_role" NOT NULL, "scope_path" text COLLATE "C" NOT NULL, "phone" text, "active" boolean NOT NULL DEFAULT true, "must_change_password" boolean NOT NULL DEFAULT false, "password_changed_at" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "organisation_id" uuid NOT NULL, "scope_region_id" uuid, "scope_school_id" uuid, CONSTRAINT "user_one_scope" CHECK ((scope_region_id IS NULL) <> (scope_school_id IS NULL)), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users" ("username") `);
    await queryRunner.query(`CREATE INDEX "IDX_2094bd63ea1368eee55a5ff20c" ON "users" ("scope_path") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fc4294f8ec97da71d587dc557" ON "users" ("organisation_id") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" bytea NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "client_ip" text, "user_agent" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_abaa9e068cdd390bc5210f7988" ON "sessions" ("token_hash") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9cfe37d28c3b229a350e086d94" ON "sessions" ("expires_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_085d540d9f418cfbdc7bd55bb1" ON "sessions" ("user_id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."special_status_flag" AS ENUM('orphan', 'unsupported', 'disabled', 'left_behind', 'in_difficulty', 'migrant', 'juvenile_case', 'poverty_monitoring', 'low_income', 'extreme_poverty')`,
    );
    await queryRunner.query(
      `CREATE TABLE "student_flags" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "flag" "public"."special_status_flag" NOT NULL, "from_date" date NOT NULL, "to_date" date, "detail" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "student_id" uuid NOT NULL, CONSTRAINT "PK_f996582b8ee7811925b8e86afec" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6f4b488d10d368406b29ba219d" ON "student_flags" ("student_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8628225e5e90818ba741b28081" ON "student_flags" ("flag", "student_id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."sex" AS ENUM('male', 'female')`);
    await queryRunner.query(
      `CREATE TYPE "public"."enrolment_status" AS ENUM('enrolled', 'not_enrolled', 'transferred_out', 'graduated')`,
    );
    await queryRunner.query(
      `CREATE TABLE "students" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "full_name" text NOT NULL, "sex" "public"."sex" NOT NULL, "birth_date" date NOT NULL, "id_number_cipher" bytea, "id_number_hash" bytea, "id_number_masked" character varying(18), "student_number" character varying(32), "ethnicity" text, "hukou_address" text, "current_address" text, "region_path" text COLLATE "C" NOT NULL, "school_region_path" text COLLATE "C", "enrolment_status" "public"."enrolment_status" NOT NULL DEFAULT 'enrolled', "grade" smallint, "class_name" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "hukou_region_id" uuid, "school_id" uuid, CONSTRAINT "PK_7d7f07271ad4ce999880713f05e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_39fcfefbee14b0daf6df1a84d1" ON "students" ("id_number_hash") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_2f3048181a3dc341a56cc64627" ON "students" ("student_number") WHERE student_number IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3b7e9308ae385dc91717eee2cd" ON "students" ("region_path") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_df43f024a370d15a65db10278f" ON "students" ("school_region_path") `,
    );
    await queryRunner.query(
      `CREATE INDEX "students_school_grade" ON "students" ("school_id", "grade", "class_name") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."guardian_relation" AS ENUM('father', 'mother', 'grandparent', 'sibling', 'other_relative', 'other')`,
    );
    await queryRunner.query(
      `CREATE TABLE "guardians" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "full_name" text NOT NULL, "relation" "public"."guardian_relation" NOT NULL, "phone" text, "works_away" boolean NOT NULL DEFAULT false, "works_away_place" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "student_id" uuid NOT NULL, CONSTRAINT "PK_3dcf02f3dc96a2c017106f280be" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_69e793368dac6279adfd6ca55a" ON "guardians" ("student_id") `);
    await queryRunner.query(
      `ALTER TABLE "regions" ADD CONSTRAINT "FK_b1dc15f575548116575b521d8de" FOREIGN KEY ("parent_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organisations" ADD CONSTRAINT "FK_4f6c538e372f7aa6818a88b453a" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_2fc4294f8ec97da71d587dc5577" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_43cca1aabad6e62d83bdd7694c6" FOREIGN KEY ("scope_region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_910667008841d1fc7570529824e" FOREIGN KEY ("scope_school_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "student_flags" ADD CONSTRAINT "FK_6f4b488d10d368406b29ba219d2" FOREIGN KEY ("student_id") REFERENCES "students"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "students" ADD CONSTRAINT "FK_6b393853bec1307554e74eca93e" FOREIGN KEY ("hukou_region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "students" ADD CONSTRAINT "FK_aa8edc7905ad764f85924569647" FOREIGN KEY ("school_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "guardians" ADD CONSTRAINT "FK_69e793368dac6279adfd6ca55ad" FOREIGN KEY ("student_id") REFERENCES "students"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The audit log is append-only: refuse UPDATE and DELETE at the database itself.
    await queryRunner.query(
      `CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_append_only ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`ALTER TABLE "guardians" DROP CONSTRAINT "FK_69e793368dac6279adfd6ca55ad"`);
    await queryRunner.query(`ALTER TABLE "students" DROP CONSTRAINT "FK_aa8edc7905ad764f85924569647"`);
    await queryRunner.query(`ALTER TABLE "students" DROP CONSTRAINT "FK_6b393853bec1307554e74eca93e"`);
    await queryRunner.query(`ALTER TABLE "student_flags" DROP CONSTRAINT "FK_6f4b488d10d368406b29ba219d2"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_910667008841d1fc7570529824e"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_43cca1aabad6e62d83bdd7694c6"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_2fc4294f8ec97da71d587dc5577"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "FK_4f6c538e372f7aa6818a88b453a"`);
    await queryRunner.query(`ALTER TABLE "regions" DROP CONSTRAINT "FK_b1dc15f575548116575b521d8de"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_69e793368dac6279adfd6ca55a"`);
    await queryRunner.query(`DROP TABLE "guardians"`);
    await queryRunner.query(`DROP TYPE "public"."guardian_relation"`);
    await queryRunner.query(`DROP INDEX "public"."students_school_grade"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_df43f024a370d15a65db10278f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3b7e9308ae385dc91717eee2cd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2f3048181a3dc341a56cc64627"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_39fcfefbee14b0daf6df1a84d1"`);
    await queryRunner.query(`DROP TABLE "students"`);
    await queryRunner.query(`DROP TYPE "public"."enrolment_status"`);
    await queryRunner.query(`DROP TYPE "public"."sex"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8628225e5e90818ba741b28081"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f4b488d10d368406b29ba219d"`);
    await queryRunner.query(`DROP TABLE "student_flags"`);
    await queryRunner.query(`DROP TYPE "public"."special_status_flag"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_085d540d9f418cfbdc7bd55bb1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9cfe37d28c3b229a350e086d94"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_abaa9e068cdd390bc5210f7988"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2fc4294f8ec97da71d587dc557"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2094bd63ea1368eee55a5ff20c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fe0bb3f6520ee0469504521e71"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TYPE "public"."user_role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4f6c538e372f7aa6818a88b453"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_231ce084a3c56a15284b03ccb0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cf8deda310d11c3e0d374e698d"`);
    await queryRunner.query(`DROP TABLE "organisations"`);
    await queryRunner.query(`DROP TYPE "public"."school_level"`);
    await queryRunner.query(`DROP TYPE "public"."department_kind"`);
    await queryRunner.query(`DROP TYPE "public"."organisation_type"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b1dc15f575548116575b521d8d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0dc8c36f97c1840565e9a9e53c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4f6dc5a464961e7c65a395ea4c"`);
    await queryRunner.query(`DROP TABLE "regions"`);
    await queryRunner.query(`DROP TYPE "public"."region_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4e139cc590fd5127ecc451472e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_da4e1f7755a2ab9a8b7ddefaa4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_727c4f6e3cf164524fc26ba7a4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_24530679b55965efb260852679"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_68d908019304f757740bc47a0a"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
