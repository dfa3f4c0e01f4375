-- The in-memory search index (ADR 0005) follows the database by change stamp: every catalog write marks its dataset
-- with the stamp it bumped, so an instance loads just the datasets above the stamp its index has. The epoch names
-- the stamp row: if the row is ever recreated (stamps start again at 1), indexes see a new epoch and rebuild.
ALTER TABLE catalog_datasets ADD COLUMN change_stamp INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_catalog_datasets_change_stamp ON catalog_datasets (tenant_id, change_stamp);
ALTER TABLE catalog_change_stamps ADD COLUMN epoch TEXT;
