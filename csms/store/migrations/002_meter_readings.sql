-- Meter values: one row per MeterValue (a reading: the samples a station took at one time), its
-- samples kept together as JSON, instead of one row per sampled value. A station sends about ten
-- sampled values per reading, so this writes a tenth of the rows and index entries.

CREATE TABLE meter_readings (
  id             bigserial PRIMARY KEY,
  station_id     text NOT NULL,
  -- Not a foreign key: a station may name a transaction this CSMS never saw; its readings are kept.
  transaction_id integer,
  evse_id        integer NOT NULL,
  connector_id   integer NOT NULL,
  sampled_at     timestamptz NOT NULL,
  received_at    timestamptz NOT NULL,
  -- The import energy register of the reading (whole station, at the outlet) in Wh, when it has
  -- one: what transactions and bills are totalled from.
  energy_wh      double precision,
  -- The sampled values in the order received, each normalised to W, Wh, A, V with the raw text
  -- and unit kept: [{"measurand", "phase"?, "location"?, "context"?, "unit", "value" (null when
  -- not a number), "rawValue", "rawUnit"?, "format"?}, ...].
  samples        json NOT NULL
);
CREATE INDEX meter_readings_transaction_idx ON meter_readings (transaction_id, sampled_at);
CREATE INDEX meter_readings_station_idx ON meter_readings (station_id, sampled_at);

-- Readings stored before this migration, one per (station, transaction, EVSE, connector, sample
-- time, receive time), samples in the order they were stored.
INSERT INTO meter_readings
  (station_id, transaction_id, evse_id, connector_id, sampled_at, received_at, energy_wh, samples)
SELECT station_id, transaction_id, evse_id, connector_id, sampled_at, received_at,
       (array_agg(value ORDER BY id) FILTER (
          WHERE measurand = 'Energy.Active.Import.Register' AND phase IS NULL
            AND (location IS NULL OR location = 'Outlet') AND unit = 'Wh' AND value IS NOT NULL))[1],
       json_agg(json_strip_nulls(json_build_object(
          'measurand', measurand, 'phase', phase, 'location', location, 'context', context,
          'unit', unit, 'rawValue', raw_value, 'rawUnit', raw_unit, 'format', format))::jsonb
          || jsonb_build_object('value', value) ORDER BY id)
  FROM meter_values
 GROUP BY station_id, transaction_id, evse_id, connector_id, sampled_at, received_at
 ORDER BY min(id);

DROP TABLE meter_values;

-- Every sampled value as a row, as before: for queries and reports that read samples one by one.
CREATE VIEW meter_values AS
SELECT r.id AS reading_id, s.sample_index::integer AS sample_index, r.station_id, r.transaction_id,
       r.evse_id, r.connector_id, r.sampled_at, s.measurand, s.phase, s.location, s.context,
       coalesce(s.unit, '') AS unit, s.value, s.raw_value, s.raw_unit, s.format, r.received_at
  FROM meter_readings r,
       ROWS FROM (json_to_recordset(r.samples) AS (
         measurand text, phase text, location text, context text, unit text, value double precision,
         "rawValue" text, "rawUnit" text, format text))
       WITH ORDINALITY AS s(measurand, phase, location, context, unit, value, raw_value, raw_unit, format,
                            sample_index);
