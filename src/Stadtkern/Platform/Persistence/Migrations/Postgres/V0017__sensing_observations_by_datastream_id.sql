-- Keyset paging of a Datastream's Observations in id order (the default order, and @iot.nextLink's $skiptoken): the next page
-- starts in this index right after the last id instead of counting past every earlier row. Created on the partitioned parent,
-- so every monthly partition (and those the writer creates later) gets it.
CREATE INDEX ix_sensing_observations_datastream_id_id ON sensing_observations (datastream_id, id);
