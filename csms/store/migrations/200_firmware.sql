-- Firmware over the air: uploaded images (stored in chunks so that large images are streamed,
-- never held whole in memory), campaigns and each target station's progress.

CREATE TABLE firmware_images (
  id                  serial PRIMARY KEY,
  version             text NOT NULL,
  file_name           text NOT NULL,
  -- NULL while the upload is still being received.
  size_bytes          bigint,
  sha256              text,
  -- Base64 ECDSA/RSA signature over the image bytes (SHA-256), and the PEM signing certificate or key.
  signature           text,
  signing_certificate text,
  complete            boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL
);

CREATE TABLE firmware_chunks (
  firmware_id integer NOT NULL REFERENCES firmware_images (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  data        bytea NOT NULL,
  PRIMARY KEY (firmware_id, seq)
);

CREATE TABLE firmware_campaigns (
  id                integer PRIMARY KEY,
  firmware_id       integer NOT NULL REFERENCES firmware_images (id),
  status            text NOT NULL CHECK (status IN ('SCHEDULED', 'CANARY', 'ROLLING_OUT', 'HALTED', 'COMPLETED')),
  halted_reason     text,
  start_at          timestamptz NOT NULL,
  canary_count      integer NOT NULL CHECK (canary_count >= 0),
  wave_size         integer NOT NULL CHECK (wave_size >= 1),
  max_failure_share double precision NOT NULL CHECK (max_failure_share >= 0 AND max_failure_share <= 1),
  retries           integer NOT NULL CHECK (retries >= 0),
  retry_interval_s  integer NOT NULL CHECK (retry_interval_s >= 0),
  -- How the targets were chosen ({ stations } or { filter }), for the record.
  target            jsonb NOT NULL,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);

CREATE TABLE firmware_campaign_stations (
  campaign_id   integer NOT NULL REFERENCES firmware_campaigns (id) ON DELETE CASCADE,
  station_id    text NOT NULL,
  -- Position in the target list; wave 0 is the canary.
  position      integer NOT NULL,
  wave          integer NOT NULL,
  state         text NOT NULL CHECK (state IN ('PENDING', 'DOWNLOADING', 'DOWNLOADED', 'INSTALLING',
                  'INSTALLED', 'DOWNLOAD_FAILED', 'INSTALLATION_FAILED')),
  -- The requestId of the last UpdateFirmware sent (also for 1.6, where only the signed variant carries it).
  request_id    integer,
  attempts      integer NOT NULL DEFAULT 0,
  -- Set when the campaign decided to send; the command waits here while the station is offline.
  dispatched_at timestamptz,
  awaiting_send boolean NOT NULL DEFAULT false,
  -- Installed was reported; the BootNotification that follows must carry the new version.
  awaiting_boot boolean NOT NULL DEFAULT false,
  note          text,
  -- [{ atMs, state, status?, note? }] in order.
  path          jsonb NOT NULL DEFAULT '[]',
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, station_id)
);
CREATE INDEX firmware_campaign_stations_station_idx ON firmware_campaign_stations (station_id);

CREATE SEQUENCE firmware_campaign_seq;
CREATE SEQUENCE firmware_request_seq;
