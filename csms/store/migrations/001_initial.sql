-- Users and their id tokens (RFID cards, app tokens) that Authorize checks.
CREATE TABLE users (
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  email       text UNIQUE,
  role        text NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user')),
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
  created_at  timestamptz NOT NULL
);

CREATE TABLE id_tokens (
  token         text PRIMARY KEY,
  token_type    text NOT NULL DEFAULT 'ISO14443',
  user_id       integer REFERENCES users (id) ON DELETE SET NULL,
  status        text NOT NULL DEFAULT 'Accepted' CHECK (status IN ('Accepted', 'Blocked', 'Expired', 'Invalid')),
  expires_at    timestamptz,
  parent_id_tag text,
  created_at    timestamptz NOT NULL
);
CREATE INDEX id_tokens_user_idx ON id_tokens (user_id);

-- Charging stations, registered at first boot (or by an administrator).
CREATE TABLE stations (
  id                  text PRIMARY KEY,
  ocpp_version        text,
  -- The answer to the last BootNotification: Accepted, Pending or Rejected.
  registration_status text NOT NULL DEFAULT 'Accepted',
  vendor              text,
  model               text,
  serial_number       text,
  firmware_version    text,
  iccid               text,
  imsi                text,
  meter_type          text,
  meter_serial_number text,
  last_boot_at        timestamptz,
  last_heartbeat_at   timestamptz,
  last_seen_at        timestamptz,
  connected_at        timestamptz,
  disconnected_at     timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);

-- Latest status per connector. 1.6: evse_id = connector_id = the connectorId (0 = the station).
-- 2.0.1: the EVSE and the connector within it.
CREATE TABLE connectors (
  station_id        text NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
  evse_id           integer NOT NULL,
  connector_id      integer NOT NULL,
  status            text NOT NULL,
  error_code        text,
  info              text,
  vendor_error_code text,
  status_at         timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (station_id, evse_id, connector_id)
);

-- One id space for every transaction; 1.6 stations receive it as their transactionId.
CREATE SEQUENCE transaction_id_seq AS integer START WITH 1;

CREATE TABLE transactions (
  id              integer PRIMARY KEY DEFAULT nextval('transaction_id_seq'),
  station_id      text NOT NULL REFERENCES stations (id),
  ocpp_version    text NOT NULL,
  -- What the station calls it: the 1.6 transactionId as text, or the 2.0.1 station's transactionId.
  transaction_ref text NOT NULL,
  evse_id         integer NOT NULL,
  connector_id    integer NOT NULL,
  id_tag          text,
  id_token_type   text,
  user_id         integer REFERENCES users (id) ON DELETE SET NULL,
  reservation_id  integer,
  -- RUNNING, COMPLETED; extensions may set others (e.g. BILLING_FAILED).
  status          text NOT NULL DEFAULT 'RUNNING',
  started_at      timestamptz NOT NULL,
  ended_at        timestamptz,
  meter_start_wh  double precision,
  meter_stop_wh   double precision,
  energy_wh       double precision,
  stop_reason     text,
  last_trigger    text,
  last_seq_no     integer,
  charging_state  text,
  amount_minor    bigint,
  currency        text,
  end_hook_error  text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  UNIQUE (station_id, transaction_ref)
);
CREATE INDEX transactions_station_started_idx ON transactions (station_id, started_at);
CREATE INDEX transactions_started_idx ON transactions (started_at);
CREATE INDEX transactions_running_idx ON transactions (station_id, evse_id) WHERE status = 'RUNNING';

-- Every sampled value, normalised to W, Wh, A, V (the raw text and unit are kept as received).
CREATE TABLE meter_values (
  id             bigserial PRIMARY KEY,
  station_id     text NOT NULL,
  -- Not a foreign key: a station may name a transaction this CSMS never saw; its samples are kept.
  transaction_id integer,
  evse_id        integer NOT NULL,
  connector_id   integer NOT NULL,
  sampled_at     timestamptz NOT NULL,
  measurand      text NOT NULL,
  phase          text,
  location       text,
  context        text,
  unit           text,
  value          double precision,
  raw_value      text NOT NULL,
  raw_unit       text,
  format         text,
  received_at    timestamptz NOT NULL
);
CREATE INDEX meter_values_transaction_idx ON meter_values (transaction_id, sampled_at);
CREATE INDEX meter_values_station_idx ON meter_values (station_id, sampled_at);

-- Every OCPP frame in both directions.
CREATE TABLE messages (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL,
  station_id   text NOT NULL,
  direction    text NOT NULL,
  message_type text NOT NULL,
  message_id   text,
  action       text,
  payload      jsonb,
  raw          text,
  verdict      text NOT NULL,
  violations   jsonb
);
CREATE INDEX messages_at_idx ON messages (at);
CREATE INDEX messages_station_at_idx ON messages (station_id, at);
CREATE INDEX messages_action_idx ON messages (action, at);

-- Device-model reports (2.0.1 NotifyReport), one row per part.
CREATE TABLE station_reports (
  id           bigserial PRIMARY KEY,
  station_id   text NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
  request_id   integer NOT NULL,
  seq_no       integer NOT NULL,
  tbc          boolean NOT NULL,
  generated_at timestamptz NOT NULL,
  report_data  jsonb,
  received_at  timestamptz NOT NULL
);
CREATE INDEX station_reports_request_idx ON station_reports (station_id, request_id, seq_no);
