-- Keyset paging of a Datastream's Observations in id order (the default order, and @iot.nextLink's $skiptoken).
CREATE INDEX "ix_sensing_observations_datastream_id_id" ON "sensing_observations" ("datastream_id", "id");
