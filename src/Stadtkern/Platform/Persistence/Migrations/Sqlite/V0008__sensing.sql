-- Sensing (SensorThings API 1.1): Things, Locations, HistoricalLocations, Sensors, ObservedProperties, Datastreams,
-- FeaturesOfInterest, Observations, hourly/daily aggregates, ingest idempotency keys and grants for restricted Things/Datastreams.
-- Observations have no tenant column (their Datastream's tenant applies) and no foreign keys: the ingest hot path does not pay for
-- them; deletes of Datastreams and FeaturesOfInterest remove their Observations explicitly. Observation ids are rowid aliases (no
-- AUTOINCREMENT bookkeeping per insert). The unique index (datastream_id, phenomenon_time_start, result_hash) is both the duplicate
-- rule and the index of the two hot queries (latest value, time window per datastream).

CREATE TABLE "sensing_aggregates" (
    "datastream_id" INTEGER NOT NULL,
    "resolution" INTEGER NOT NULL,
    "bucket_start" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "sum" REAL NOT NULL,
    "min" REAL NOT NULL,
    "max" REAL NOT NULL,
    CONSTRAINT "pk_sensing_aggregates" PRIMARY KEY ("datastream_id", "resolution", "bucket_start")
);

CREATE TABLE "sensing_features_of_interest" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sensing_features_of_interest" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "encoding_type" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "geometry" TEXT NULL,
    "min_x" REAL NULL,
    "min_y" REAL NULL,
    "max_x" REAL NULL,
    "max_y" REAL NULL,
    "properties" TEXT NULL,
    "feature_key" TEXT NULL
);

CREATE TABLE "sensing_ingest_keys" (
    "tenant_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "created" INTEGER NOT NULL,
    CONSTRAINT "pk_sensing_ingest_keys" PRIMARY KEY ("tenant_id", "key")
);

CREATE TABLE "sensing_locations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sensing_locations" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "encoding_type" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "geometry" TEXT NULL,
    "min_x" REAL NULL,
    "min_y" REAL NULL,
    "max_x" REAL NULL,
    "max_y" REAL NULL,
    "properties" TEXT NULL
);

CREATE TABLE "sensing_observations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sensing_observations" PRIMARY KEY,
    "datastream_id" INTEGER NOT NULL,
    "phenomenon_time_start" INTEGER NOT NULL,
    "phenomenon_time_end" INTEGER NULL,
    "result_time" INTEGER NULL,
    "result_kind" INTEGER NOT NULL,
    "result_number" REAL NULL,
    "result_string" TEXT NULL,
    "result_json" TEXT NULL,
    "result_quality" TEXT NULL,
    "valid_time_start" INTEGER NULL,
    "valid_time_end" INTEGER NULL,
    "parameters" TEXT NULL,
    "feature_of_interest_id" INTEGER NULL,
    "result_hash" INTEGER NOT NULL
);

CREATE TABLE "sensing_observed_properties" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sensing_observed_properties" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "properties" TEXT NULL
);

CREATE TABLE "sensing_sensors" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sensing_sensors" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "encoding_type" TEXT NOT NULL,
    "metadata" TEXT NOT NULL,
    "properties" TEXT NULL
);

CREATE TABLE "sensing_things" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sensing_things" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "properties" TEXT NULL,
    "access_level" TEXT NOT NULL,
    "created" INTEGER NOT NULL,
    "modified" INTEGER NOT NULL
);

CREATE TABLE "sensing_datastreams" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sensing_datastreams" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "observation_type" TEXT NOT NULL,
    "unit_of_measurement" TEXT NOT NULL,
    "observed_area" TEXT NULL,
    "phenomenon_time_start" INTEGER NULL,
    "phenomenon_time_end" INTEGER NULL,
    "result_time_start" INTEGER NULL,
    "result_time_end" INTEGER NULL,
    "properties" TEXT NULL,
    "thing_id" INTEGER NOT NULL,
    "sensor_id" INTEGER NOT NULL,
    "observed_property_id" INTEGER NOT NULL,
    "access_level" TEXT NULL,
    "latest_observation_id" INTEGER NULL,
    "latest_phenomenon_time" INTEGER NULL,
    "latest_result" TEXT NULL,
    "observation_count" INTEGER NOT NULL DEFAULT 0,
    "raw_retention_days" INTEGER NULL,
    "created" INTEGER NOT NULL,
    "modified" INTEGER NOT NULL,
    CONSTRAINT "fk_sensing_datastreams_sensing_observed_properties_observed_property_id" FOREIGN KEY ("observed_property_id") REFERENCES "sensing_observed_properties" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_sensing_datastreams_sensing_sensors_sensor_id" FOREIGN KEY ("sensor_id") REFERENCES "sensing_sensors" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_sensing_datastreams_sensing_things_thing_id" FOREIGN KEY ("thing_id") REFERENCES "sensing_things" ("id") ON DELETE CASCADE
);

CREATE TABLE "sensing_historical_locations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sensing_historical_locations" PRIMARY KEY AUTOINCREMENT,
    "tenant_id" TEXT NOT NULL,
    "thing_id" INTEGER NOT NULL,
    "time" INTEGER NOT NULL,
    CONSTRAINT "fk_sensing_historical_locations_sensing_things_thing_id" FOREIGN KEY ("thing_id") REFERENCES "sensing_things" ("id") ON DELETE CASCADE
);

CREATE TABLE "sensing_thing_locations" (
    "thing_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    CONSTRAINT "pk_sensing_thing_locations" PRIMARY KEY ("thing_id", "location_id"),
    CONSTRAINT "fk_sensing_thing_locations_sensing_locations_location_id" FOREIGN KEY ("location_id") REFERENCES "sensing_locations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_sensing_thing_locations_sensing_things_thing_id" FOREIGN KEY ("thing_id") REFERENCES "sensing_things" ("id") ON DELETE CASCADE
);

CREATE TABLE "sensing_grants" (
    "id" TEXT NOT NULL CONSTRAINT "pk_sensing_grants" PRIMARY KEY,
    "tenant_id" TEXT NOT NULL,
    "thing_id" INTEGER NULL,
    "datastream_id" INTEGER NULL,
    "grantee_kind" TEXT NOT NULL,
    "grantee_id" TEXT NOT NULL,
    "granted_by" TEXT NOT NULL,
    "created" INTEGER NOT NULL,
    CONSTRAINT "fk_sensing_grants_sensing_datastreams_datastream_id" FOREIGN KEY ("datastream_id") REFERENCES "sensing_datastreams" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_sensing_grants_sensing_things_thing_id" FOREIGN KEY ("thing_id") REFERENCES "sensing_things" ("id") ON DELETE CASCADE
);

CREATE TABLE "sensing_historical_location_locations" (
    "historical_location_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    CONSTRAINT "pk_sensing_historical_location_locations" PRIMARY KEY ("historical_location_id", "location_id"),
    CONSTRAINT "fk_sensing_historical_location_locations_sensing_historical_locations_historical_location_id" FOREIGN KEY ("historical_location_id") REFERENCES "sensing_historical_locations" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_sensing_historical_location_locations_sensing_locations_location_id" FOREIGN KEY ("location_id") REFERENCES "sensing_locations" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_sensing_datastreams_observed_property_id" ON "sensing_datastreams" ("observed_property_id");

CREATE INDEX "ix_sensing_datastreams_sensor_id" ON "sensing_datastreams" ("sensor_id");

CREATE INDEX "ix_sensing_datastreams_tenant_id" ON "sensing_datastreams" ("tenant_id");

CREATE INDEX "ix_sensing_datastreams_thing_id" ON "sensing_datastreams" ("thing_id");

CREATE INDEX "ix_sensing_features_of_interest_tenant_id_feature_key" ON "sensing_features_of_interest" ("tenant_id", "feature_key");

CREATE INDEX "ix_sensing_grants_datastream_id" ON "sensing_grants" ("datastream_id");

CREATE INDEX "ix_sensing_grants_grantee_kind_grantee_id" ON "sensing_grants" ("grantee_kind", "grantee_id");

CREATE INDEX "ix_sensing_grants_thing_id" ON "sensing_grants" ("thing_id");

CREATE INDEX "ix_sensing_historical_location_locations_location_id" ON "sensing_historical_location_locations" ("location_id");

CREATE INDEX "ix_sensing_historical_locations_tenant_id" ON "sensing_historical_locations" ("tenant_id");

CREATE INDEX "ix_sensing_historical_locations_thing_id" ON "sensing_historical_locations" ("thing_id");

CREATE INDEX "ix_sensing_ingest_keys_created" ON "sensing_ingest_keys" ("created");

CREATE INDEX "ix_sensing_locations_tenant_id" ON "sensing_locations" ("tenant_id");

CREATE UNIQUE INDEX "ux_sensing_observations_stream_time_hash" ON "sensing_observations" ("datastream_id", "phenomenon_time_start", "result_hash");

CREATE INDEX "ix_sensing_observations_feature_of_interest_id" ON "sensing_observations" ("feature_of_interest_id");

CREATE INDEX "ix_sensing_observed_properties_tenant_id" ON "sensing_observed_properties" ("tenant_id");

CREATE INDEX "ix_sensing_sensors_tenant_id" ON "sensing_sensors" ("tenant_id");

CREATE INDEX "ix_sensing_thing_locations_location_id" ON "sensing_thing_locations" ("location_id");

CREATE INDEX "ix_sensing_things_tenant_id" ON "sensing_things" ("tenant_id");
