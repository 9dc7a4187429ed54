import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Due items (the source of truth for reminders and escalation), per-county rules, the
 * schools' monthly reports they wait on, and notifications with their outside deliveries.
 * Every notification and delivery has a deduplication key, so a retried job never sends twice.
 */
export class RemindersAndNotifications1796700000000 implements MigrationInterface {
  name = 'RemindersAndNotifications1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // 负责人: the head of an organisation (a school's principal), whom escalations reach.
    await queryRunner.query(`ALTER TABLE "users" ADD "heads_organisation" boolean NOT NULL DEFAULT false`);

    await queryRunner.query(
      `CREATE TABLE "county_settings" ("region_id" uuid NOT NULL, "settings" jsonb NOT NULL, "updated_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_county_settings" PRIMARY KEY ("region_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "county_settings" ADD CONSTRAINT "FK_county_settings_region" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "county_settings" ADD CONSTRAINT "FK_county_settings_updated_by" FOREIGN KEY ("updated_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TABLE "school_monthly_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period" character(7) NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "submitted_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "school_id" uuid NOT NULL, CONSTRAINT "school_monthly_reports_school_period" UNIQUE ("school_id", "period"), CONSTRAINT "PK_school_monthly_reports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "school_monthly_reports" ADD CONSTRAINT "FK_school_monthly_reports_school" FOREIGN KEY ("school_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "school_monthly_reports" ADD CONSTRAINT "FK_school_monthly_reports_user" FOREIGN KEY ("submitted_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TYPE "public"."due_kind" AS ENUM('verification', 'follow_up', 'written_order', 'monitoring_check_in', 'closing_review', 'school_report')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."due_status" AS ENUM('pending', 'done', 'cancelled')`);
    await queryRunner.query(
      `CREATE TYPE "public"."reminder_stage" AS ENUM('due', 'next_level', 'second_level', 'bureau_leader')`,
    );
    await queryRunner.query(
      `CREATE TABLE "due_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "kind" "public"."due_kind" NOT NULL, "ref" text NOT NULL, "due_on" date NOT NULL, "region_path" text COLLATE "C" NOT NULL, "status" "public"."due_status" NOT NULL DEFAULT 'pending', "next_stage" "public"."reminder_stage" DEFAULT 'due', "next_fire_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "case_id" uuid, "school_id" uuid, CONSTRAINT "due_items_key" UNIQUE ("key"), CONSTRAINT "due_items_subject" CHECK (case_id IS NOT NULL OR school_id IS NOT NULL), CONSTRAINT "PK_due_items" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "due_items_pending_fire_at" ON "due_items" ("next_fire_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "due_items_pending_due_on" ON "due_items" ("due_on") WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "due_items_case_id" ON "due_items" ("case_id") `);
    await queryRunner.query(`CREATE INDEX "due_items_school_id" ON "due_items" ("school_id") `);
    await queryRunner.query(`CREATE INDEX "due_items_region_path" ON "due_items" ("region_path") `);
    await queryRunner.query(
      `ALTER TABLE "due_items" ADD CONSTRAINT "FK_due_items_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "due_items" ADD CONSTRAINT "FK_due_items_school" FOREIGN KEY ("school_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TYPE "public"."notification_kind" AS ENUM('reminder', 'escalation', 'digest')`,
    );
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dedupe_key" text NOT NULL, "kind" "public"."notification_kind" NOT NULL, "stage" "public"."reminder_stage", "title" text NOT NULL, "body" text NOT NULL, "link" text, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "due_item_id" uuid, "case_id" uuid, "recipient_user_id" uuid, "recipient_responsible_id" uuid, CONSTRAINT "notifications_dedupe_key" UNIQUE ("dedupe_key"), CONSTRAINT "notifications_recipient" CHECK (recipient_user_id IS NOT NULL OR recipient_responsible_id IS NOT NULL), CONSTRAINT "PK_notifications" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_recipient_created" ON "notifications" ("recipient_user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_recipient_unread" ON "notifications" ("recipient_user_id") WHERE read_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "notifications_due_item_id" ON "notifications" ("due_item_id") `);
    await queryRunner.query(`CREATE INDEX "notifications_case_id" ON "notifications" ("case_id") `);
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_notifications_due_item" FOREIGN KEY ("due_item_id") REFERENCES "due_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_notifications_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_notifications_recipient_user" FOREIGN KEY ("recipient_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_notifications_recipient_responsible" FOREIGN KEY ("recipient_responsible_id") REFERENCES "case_responsibles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(`CREATE TYPE "public"."channel_kind" AS ENUM('wecom', 'dingtalk')`);
    await queryRunner.query(
      `CREATE TABLE "notification_channels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."channel_kind" NOT NULL, "name" text NOT NULL, "url_cipher" bytea NOT NULL, "url_masked" text NOT NULL, "secret_cipher" bytea, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "organisation_id" uuid NOT NULL, CONSTRAINT "PK_notification_channels" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_channels_organisation_id" ON "notification_channels" ("organisation_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_channels" ADD CONSTRAINT "FK_notification_channels_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(`CREATE TYPE "public"."delivery_channel" AS ENUM('webhook', 'sms')`);
    await queryRunner.query(`CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'sent', 'failed')`);
    await queryRunner.query(
      `CREATE TABLE "notification_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dedupe_key" text NOT NULL, "channel" "public"."delivery_channel" NOT NULL, "target" text NOT NULL, "status" "public"."delivery_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0, "last_error" text, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "notification_id" uuid NOT NULL, "channel_id" uuid, CONSTRAINT "notification_deliveries_dedupe_key" UNIQUE ("dedupe_key"), CONSTRAINT "PK_notification_deliveries" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_deliveries_notification_id" ON "notification_deliveries" ("notification_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_deliveries_channel_id" ON "notification_deliveries" ("channel_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "notification_deliveries_pending" ON "notification_deliveries" ("created_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "FK_notification_deliveries_notification" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "FK_notification_deliveries_channel" FOREIGN KEY ("channel_id") REFERENCES "notification_channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_deliveries"`);
    await queryRunner.query(`DROP TYPE "public"."delivery_status"`);
    await queryRunner.query(`DROP TYPE "public"."delivery_channel"`);
    await queryRunner.query(`DROP TABLE "notification_channels"`);
    await queryRunner.query(`DROP TYPE "public"."channel_kind"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP TYPE "public"."notification_kind"`);
    await queryRunner.query(`DROP TABLE "due_items"`);
    await queryRunner.query(`DROP TYPE "public"."reminder_stage"`);
    await queryRunner.query(`DROP TYPE "public"."due_status"`);
    await queryRunner.query(`DROP TYPE "public"."due_kind"`);
    await queryRunner.query(`DROP TABLE "school_monthly_reports"`);
    await queryRunner.query(`DROP TABLE "county_settings"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "heads_organisation"`);
  }
}
