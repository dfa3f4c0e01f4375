CREATE TABLE "report_notifications" (
    "id" TEXT NOT NULL CONSTRAINT "pk_report_notifications" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "report_id" INTEGER NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "sent_at" INTEGER NULL,
    "gave_up_at" INTEGER NULL,
    "last_error" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "fk_report_notifications_reports_report_id" FOREIGN KEY ("report_id") REFERENCES "reports" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_report_notifications_next_attempt_at" ON "report_notifications" ("next_attempt_at");
CREATE INDEX "ix_report_notifications_report_id" ON "report_notifications" ("report_id");
