-- Meter values in pages: one row per batch written of one station, transaction, EVSE and
-- connector, instead of one per MeterValue, its readings' samples compressed together. A page
-- keeps, per reading in the order received, the sample time and the receive time (epoch ms: much
-- cheaper to write than timestamptz) and the import register in Wh (null when the reading has
-- none) as arrays SQL can read (the meter_readings view below shows them as rows), and the samples
-- as JSON lines, one line a reading: [{"measurand", "phase"?, "location"?, "context"?, "unit",
-- "value" (null when not a number), "rawValue", "rawUnit"?, "format"?}, ...], each value normalised
-- to W, Wh, A, V with the raw text and unit kept. `encoding` says how `samples` is stored:
-- 'deflate' (raw DEFLATE, RFC 1951, of the UTF-8 lines) or 'none' (the UTF-8 lines as they are).
CREATE TABLE meter_pages (
  id             bigserial PRIMARY KEY,
  station_id     text NOT NULL,
  -- Not a foreign key: a station may name a transaction this CSMS never saw; its readings are kept.
  transaction_id integer,
  evse_id        integer NOT NULL,
  connector_id   integer NOT NULL,
  sampled_ms     bigint[] NOT NULL,
  received_ms    bigint[] NOT NULL,
  energy_wh      double precision[] NOT NULL,
  encoding       text NOT NULL CHECK (encoding IN ('deflate', 'none')),
  samples        bytea NOT NULL,
  CHECK (cardinality(sampled_ms) > 0 AND cardinality(received_ms) = cardinality(sampled_ms)
         AND cardinality(energy_wh) = cardinality(sampled_ms))
);
ALTER TABLE meter_pages ALTER COLUMN samples SET STORAGE EXTERNAL;
CREATE INDEX meter_pages_transaction_idx ON meter_pages (transaction_id);
CREATE INDEX meter_pages_station_idx ON meter_pages (station_id);

-- Readings stored before pages, one page each.
INSERT INTO meter_pages
  (station_id, transaction_id, evse_id, connector_id, sampled_ms, received_ms, energy_wh, encoding, samples)
SELECT station_id, transaction_id, evse_id, connector_id,
       ARRAY[round(extract(epoch FROM sampled_at) * 1000)::bigint],
       ARRAY[round(extract(epoch FROM received_at) * 1000)::bigint],
       ARRAY[energy_wh], 'none', convert_to((samples::jsonb)::text, 'UTF8')
  FROM meter_readings
 ORDER BY sampled_at, id;

DROP VIEW meter_values;
DROP TABLE meter_readings;

-- One row per reading (MeterValue), without its samples: for transaction totals, bills and
-- queries by time. The samples are read through the API (or MeterStore), which opens the pages.
CREATE VIEW meter_readings AS
SELECT p.id AS page_id, r.reading_index::integer AS reading_index, p.station_id, p.transaction_id,
       p.evse_id, p.connector_id, to_timestamp(r.sampled_ms / 1000.0) AS sampled_at,
       to_timestamp(r.received_ms / 1000.0) AS received_at, r.energy_wh
  FROM meter_pages p,
       unnest(p.sampled_ms, p.received_ms, p.energy_wh)
       WITH ORDINALITY AS r(sampled_ms, received_ms, energy_wh, reading_index);
