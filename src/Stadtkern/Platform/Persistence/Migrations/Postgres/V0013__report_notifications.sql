CREATE TABLE report_notifications (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    report_id bigint NOT NULL,
    recipient character varying(254) NOT NULL,
    subject character varying(300) NOT NULL,
    body text NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    sent_at timestamp with time zone,
    gave_up_at timestamp with time zone,
    last_error character varying(1000),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_report_notifications PRIMARY KEY (id),
    CONSTRAINT fk_report_notifications_reports_report_id FOREIGN KEY (report_id) REFERENCES reports (id) ON DELETE CASCADE
);

CREATE INDEX ix_report_notifications_next_attempt_at ON report_notifications (next_attempt_at);
CREATE INDEX ix_report_notifications_report_id ON report_notifications (report_id);
