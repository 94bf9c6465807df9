-- 9: usage rollups, kept by triggers so every writer of the ledger keeps them consistent.
--
-- usage_daily: one row per local day × provider × model × origin kind × status, for each time zone offset in
-- usage_zones (a local day is [00:00, 24:00) at UTC + offset, so any offset, half-hour ones included, is exact).
-- Zones are added on demand by the reports (cost::report::zones), which backfill them from the ledger; this
-- migration registers the machine's current offset. Histograms are JSON objects {"<bucket lower ms>": count}
-- over usage_latency_buckets; error_categories is {"<category>": count} over rows with status 'error'.
-- Empty provider_id / model mean NULL in the ledger. Days are (at + offset) / 86400000: at is never negative.
--
-- usage_spend_hourly: priced spend per UTC hour × provider × access key, for budgets.
--
-- Retention deletes whole rollup days and hours before it deletes the ledger rows, so the delete trigger only
-- corrects the day and hour the cut goes through (it finds no rollup row for the others).
-- The call log filtered by a model that few calls use walks that model's calls, not the whole range.
CREATE INDEX ledger_by_model_time ON ledger(model, at);

CREATE TABLE usage_latency_buckets (lower_ms INTEGER PRIMARY KEY);
-- Each bucket [L, H] has an estimate E = L * 11 / 10 within 10% of every value in it: H = E * 10 / 9.
INSERT INTO usage_latency_buckets (lower_ms)
    WITH RECURSIVE b(lower_ms) AS (
        SELECT 1 UNION ALL SELECT (lower_ms * 11 / 10) * 10 / 9 + 1 FROM b WHERE lower_ms < 3600000
    )
    SELECT 0 UNION ALL SELECT lower_ms FROM b;

CREATE TABLE usage_zones (
    offset_minutes INTEGER PRIMARY KEY,
    used_at        INTEGER NOT NULL
);

CREATE TABLE usage_daily (
    zone               INTEGER NOT NULL,
    day                INTEGER NOT NULL,
    provider_id        TEXT NOT NULL,
    model              TEXT NOT NULL,
    origin_kind        TEXT NOT NULL,
    status             TEXT NOT NULL,
    provider_name      TEXT,
    requests           INTEGER NOT NULL DEFAULT 0,
    input_tokens       INTEGER NOT NULL DEFAULT 0,
    output_tokens      INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens  INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens   INTEGER NOT NULL DEFAULT 0,
    cost_usd_micros    INTEGER NOT NULL DEFAULT 0,
    unpriced           INTEGER NOT NULL DEFAULT 0,
    error_categories   TEXT NOT NULL DEFAULT '{}',
    latency_hist       TEXT NOT NULL DEFAULT '{}',
    ttft_hist          TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (zone, day, provider_id, model, origin_kind, status)
) WITHOUT ROWID;

CREATE TABLE usage_spend_hourly (
    hour            INTEGER NOT NULL,
    provider_id     TEXT NOT NULL,
    access_key_id   TEXT NOT NULL,
    requests        INTEGER NOT NULL,
    cost_usd_micros INTEGER NOT NULL,
    PRIMARY KEY (hour, provider_id, access_key_id)
) WITHOUT ROWID;
CREATE INDEX usage_spend_by_provider ON usage_spend_hourly(provider_id, hour);
CREATE INDEX usage_spend_by_key ON usage_spend_hourly(access_key_id, hour);

CREATE TRIGGER ledger_rollups_after_insert AFTER INSERT ON ledger BEGIN
    INSERT INTO usage_daily (zone, day, provider_id, model, origin_kind, status)
        SELECT offset_minutes, (NEW.at + offset_minutes * 60000) / 86400000, coalesce(NEW.provider_id, ''),
               coalesce(NEW.model, ''), NEW.origin_kind, NEW.status
        FROM usage_zones WHERE true
        ON CONFLICT DO NOTHING;
    UPDATE usage_daily SET
        provider_name = coalesce(NEW.provider_name, provider_name),
        requests = requests + 1,
        input_tokens = input_tokens + NEW.input_tokens,
        output_tokens = output_tokens + NEW.output_tokens,
        cache_read_tokens = cache_read_tokens + NEW.cache_read_tokens,
        cache_write_tokens = cache_write_tokens + NEW.cache_write_tokens,
        reasoning_tokens = reasoning_tokens + NEW.reasoning_tokens,
        cost_usd_micros = cost_usd_micros + coalesce(NEW.cost_usd_micros, 0),
        unpriced = unpriced + (NEW.cost_usd_micros IS NULL),
        error_categories = CASE WHEN NEW.status = 'error' AND NEW.error_category IS NOT NULL
            THEN json_set(error_categories, '$."' || NEW.error_category || '"',
                 coalesce(json_extract(error_categories, '$."' || NEW.error_category || '"'), 0) + 1)
            ELSE error_categories END,
        latency_hist = json_set(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(NEW.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"',
            coalesce(json_extract(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(NEW.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"'), 0) + 1),
        ttft_hist = CASE WHEN (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= NEW.ttft_ms ORDER BY lower_ms DESC LIMIT 1) IS NULL THEN ttft_hist
            ELSE json_set(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= NEW.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"', coalesce(json_extract(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= NEW.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"'), 0) + 1)
            END
    WHERE (zone, day) IN (SELECT offset_minutes, (NEW.at + offset_minutes * 60000) / 86400000 FROM usage_zones) AND provider_id = coalesce(NEW.provider_id, '')
      AND model = coalesce(NEW.model, '') AND origin_kind = NEW.origin_kind AND status = NEW.status;
    INSERT INTO usage_spend_hourly (hour, provider_id, access_key_id, requests, cost_usd_micros)
        VALUES (NEW.at / 3600000, coalesce(NEW.provider_id, ''), coalesce(NEW.access_key_id, ''), 1,
                coalesce(NEW.cost_usd_micros, 0))
        ON CONFLICT DO UPDATE SET requests = requests + 1, cost_usd_micros = cost_usd_micros + excluded.cost_usd_micros;
END;

CREATE TRIGGER ledger_rollups_after_delete AFTER DELETE ON ledger BEGIN
    UPDATE usage_daily SET
        requests = requests - 1,
        input_tokens = input_tokens - OLD.input_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_tokens = cache_write_tokens - OLD.cache_write_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_usd_micros = cost_usd_micros - coalesce(OLD.cost_usd_micros, 0),
        unpriced = unpriced - (OLD.cost_usd_micros IS NULL),
        error_categories = CASE WHEN OLD.status = 'error' AND OLD.error_category IS NOT NULL THEN
            CASE WHEN coalesce(json_extract(error_categories, '$."' || OLD.error_category || '"'), 0) <= 1
                THEN json_remove(error_categories, '$."' || OLD.error_category || '"')
                ELSE json_set(error_categories, '$."' || OLD.error_category || '"',
                     json_extract(error_categories, '$."' || OLD.error_category || '"') - 1) END
            ELSE error_categories END,
        latency_hist = CASE WHEN coalesce(json_extract(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(OLD.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"'), 0) <= 1
            THEN json_remove(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(OLD.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"')
            ELSE json_set(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(OLD.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"', json_extract(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(OLD.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"') - 1)
            END,
        ttft_hist = CASE WHEN (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= OLD.ttft_ms ORDER BY lower_ms DESC LIMIT 1) IS NULL THEN ttft_hist
            WHEN coalesce(json_extract(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= OLD.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"'), 0) <= 1
            THEN json_remove(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= OLD.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"')
            ELSE json_set(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= OLD.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"', json_extract(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= OLD.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"') - 1)
            END
    WHERE (zone, day) IN (SELECT offset_minutes, (OLD.at + offset_minutes * 60000) / 86400000 FROM usage_zones) AND provider_id = coalesce(OLD.provider_id, '')
      AND model = coalesce(OLD.model, '') AND origin_kind = OLD.origin_kind AND status = OLD.status;
    DELETE FROM usage_daily
    WHERE (zone, day) IN (SELECT offset_minutes, (OLD.at + offset_minutes * 60000) / 86400000 FROM usage_zones)
      AND provider_id = coalesce(OLD.provider_id, '') AND model = coalesce(OLD.model, '')
      AND origin_kind = OLD.origin_kind AND status = OLD.status AND requests <= 0;
    UPDATE usage_spend_hourly SET requests = requests - 1,
        cost_usd_micros = cost_usd_micros - coalesce(OLD.cost_usd_micros, 0)
    WHERE hour = OLD.at / 3600000 AND provider_id = coalesce(OLD.provider_id, '')
      AND access_key_id = coalesce(OLD.access_key_id, '');
    DELETE FROM usage_spend_hourly
    WHERE hour = OLD.at / 3600000 AND provider_id = coalesce(OLD.provider_id, '')
      AND access_key_id = coalesce(OLD.access_key_id, '') AND requests <= 0;
END;

-- A ledger row that changes (a call priced later) leaves its old cells and joins its new ones.
CREATE TRIGGER ledger_rollups_after_update AFTER UPDATE ON ledger BEGIN
    UPDATE usage_daily SET
        requests = requests - 1,
        input_tokens = input_tokens - OLD.input_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens,
        cache_write_tokens = cache_write_tokens - OLD.cache_write_tokens,
        reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
        cost_usd_micros = cost_usd_micros - coalesce(OLD.cost_usd_micros, 0),
        unpriced = unpriced - (OLD.cost_usd_micros IS NULL),
        error_categories = CASE WHEN OLD.status = 'error' AND OLD.error_category IS NOT NULL THEN
            CASE WHEN coalesce(json_extract(error_categories, '$."' || OLD.error_category || '"'), 0) <= 1
                THEN json_remove(error_categories, '$."' || OLD.error_category || '"')
                ELSE json_set(error_categories, '$."' || OLD.error_category || '"',
                     json_extract(error_categories, '$."' || OLD.error_category || '"') - 1) END
            ELSE error_categories END,
        latency_hist = CASE WHEN coalesce(json_extract(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(OLD.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"'), 0) <= 1
            THEN json_remove(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(OLD.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"')
            ELSE json_set(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(OLD.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"', json_extract(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(OLD.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"') - 1)
            END,
        ttft_hist = CASE WHEN (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= OLD.ttft_ms ORDER BY lower_ms DESC LIMIT 1) IS NULL THEN ttft_hist
            WHEN coalesce(json_extract(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= OLD.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"'), 0) <= 1
            THEN json_remove(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= OLD.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"')
            ELSE json_set(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= OLD.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"', json_extract(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= OLD.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"') - 1)
            END
    WHERE (zone, day) IN (SELECT offset_minutes, (OLD.at + offset_minutes * 60000) / 86400000 FROM usage_zones) AND provider_id = coalesce(OLD.provider_id, '')
      AND model = coalesce(OLD.model, '') AND origin_kind = OLD.origin_kind AND status = OLD.status;
    DELETE FROM usage_daily
    WHERE (zone, day) IN (SELECT offset_minutes, (OLD.at + offset_minutes * 60000) / 86400000 FROM usage_zones)
      AND provider_id = coalesce(OLD.provider_id, '') AND model = coalesce(OLD.model, '')
      AND origin_kind = OLD.origin_kind AND status = OLD.status AND requests <= 0;
    UPDATE usage_spend_hourly SET requests = requests - 1,
        cost_usd_micros = cost_usd_micros - coalesce(OLD.cost_usd_micros, 0)
    WHERE hour = OLD.at / 3600000 AND provider_id = coalesce(OLD.provider_id, '')
      AND access_key_id = coalesce(OLD.access_key_id, '');
    DELETE FROM usage_spend_hourly
    WHERE hour = OLD.at / 3600000 AND provider_id = coalesce(OLD.provider_id, '')
      AND access_key_id = coalesce(OLD.access_key_id, '') AND requests <= 0;
    INSERT INTO usage_daily (zone, day, provider_id, model, origin_kind, status)
        SELECT offset_minutes, (NEW.at + offset_minutes * 60000) / 86400000, coalesce(NEW.provider_id, ''),
               coalesce(NEW.model, ''), NEW.origin_kind, NEW.status
        FROM usage_zones WHERE true
        ON CONFLICT DO NOTHING;
    UPDATE usage_daily SET
        provider_name = coalesce(NEW.provider_name, provider_name),
        requests = requests + 1,
        input_tokens = input_tokens + NEW.input_tokens,
        output_tokens = output_tokens + NEW.output_tokens,
        cache_read_tokens = cache_read_tokens + NEW.cache_read_tokens,
        cache_write_tokens = cache_write_tokens + NEW.cache_write_tokens,
        reasoning_tokens = reasoning_tokens + NEW.reasoning_tokens,
        cost_usd_micros = cost_usd_micros + coalesce(NEW.cost_usd_micros, 0),
        unpriced = unpriced + (NEW.cost_usd_micros IS NULL),
        error_categories = CASE WHEN NEW.status = 'error' AND NEW.error_category IS NOT NULL
            THEN json_set(error_categories, '$."' || NEW.error_category || '"',
                 coalesce(json_extract(error_categories, '$."' || NEW.error_category || '"'), 0) + 1)
            ELSE error_categories END,
        latency_hist = json_set(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(NEW.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"',
            coalesce(json_extract(latency_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(NEW.latency_ms, 0) ORDER BY lower_ms DESC LIMIT 1) || '"'), 0) + 1),
        ttft_hist = CASE WHEN (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= NEW.ttft_ms ORDER BY lower_ms DESC LIMIT 1) IS NULL THEN ttft_hist
            ELSE json_set(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= NEW.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"', coalesce(json_extract(ttft_hist, '$."' || (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= NEW.ttft_ms ORDER BY lower_ms DESC LIMIT 1) || '"'), 0) + 1)
            END
    WHERE (zone, day) IN (SELECT offset_minutes, (NEW.at + offset_minutes * 60000) / 86400000 FROM usage_zones) AND provider_id = coalesce(NEW.provider_id, '')
      AND model = coalesce(NEW.model, '') AND origin_kind = NEW.origin_kind AND status = NEW.status;
    INSERT INTO usage_spend_hourly (hour, provider_id, access_key_id, requests, cost_usd_micros)
        VALUES (NEW.at / 3600000, coalesce(NEW.provider_id, ''), coalesce(NEW.access_key_id, ''), 1,
                coalesce(NEW.cost_usd_micros, 0))
        ON CONFLICT DO UPDATE SET requests = requests + 1, cost_usd_micros = cost_usd_micros + excluded.cost_usd_micros;
END;

-- The machine's current offset, backfilled from the rows already in the ledger.
INSERT INTO usage_zones (offset_minutes, used_at)
    VALUES (CAST(round((julianday('now', 'localtime') - julianday('now')) * 1440) AS INTEGER),
            CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER));
INSERT INTO usage_daily (zone, day, provider_id, model, origin_kind, status, provider_name, requests, input_tokens,
    output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd_micros, unpriced, error_categories,
    latency_hist, ttft_hist)
WITH r AS (
    SELECT z.offset_minutes AS zone, (l.at + z.offset_minutes * 60000) / 86400000 AS day,
           coalesce(l.provider_id, '') AS provider_id, coalesce(l.model, '') AS model, l.origin_kind, l.status,
           l.id, l.provider_name, l.input_tokens, l.output_tokens, l.cache_read_tokens, l.cache_write_tokens,
           l.reasoning_tokens, l.cost_usd_micros, l.error_category,
           (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= max(l.latency_ms, 0)
            ORDER BY lower_ms DESC LIMIT 1) AS lat,
           (SELECT lower_ms FROM usage_latency_buckets WHERE lower_ms <= l.ttft_ms
            ORDER BY lower_ms DESC LIMIT 1) AS ttft
    FROM ledger l, usage_zones z
),
base AS (
    SELECT zone, day, provider_id, model, origin_kind, status, max(id), provider_name, count(*) AS requests,
           sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
           sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens,
           sum(reasoning_tokens) AS reasoning_tokens, coalesce(sum(cost_usd_micros), 0) AS cost_usd_micros,
           count(*) - count(cost_usd_micros) AS unpriced
    FROM r GROUP BY zone, day, provider_id, model, origin_kind, status
),
errs AS (
    SELECT zone, day, provider_id, model, origin_kind, status, json_group_object(error_category, n) AS h
    FROM (SELECT zone, day, provider_id, model, origin_kind, status, error_category, count(*) AS n FROM r
          WHERE status = 'error' AND error_category IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7)
    GROUP BY 1, 2, 3, 4, 5, 6
),
lat AS (
    SELECT zone, day, provider_id, model, origin_kind, status, json_group_object(CAST(lat AS TEXT), n) AS h
    FROM (SELECT zone, day, provider_id, model, origin_kind, status, lat, count(*) AS n FROM r
          GROUP BY 1, 2, 3, 4, 5, 6, 7)
    GROUP BY 1, 2, 3, 4, 5, 6
),
ttft AS (
    SELECT zone, day, provider_id, model, origin_kind, status, json_group_object(CAST(ttft AS TEXT), n) AS h
    FROM (SELECT zone, day, provider_id, model, origin_kind, status, ttft, count(*) AS n FROM r
          WHERE ttft IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7)
    GROUP BY 1, 2, 3, 4, 5, 6
)
SELECT b.zone, b.day, b.provider_id, b.model, b.origin_kind, b.status, b.provider_name, b.requests, b.input_tokens,
       b.output_tokens, b.cache_read_tokens, b.cache_write_tokens, b.reasoning_tokens, b.cost_usd_micros, b.unpriced,
       coalesce(e.h, '{}'), coalesce(la.h, '{}'), coalesce(t.h, '{}')
FROM base b
LEFT JOIN errs e USING (zone, day, provider_id, model, origin_kind, status)
LEFT JOIN lat la USING (zone, day, provider_id, model, origin_kind, status)
LEFT JOIN ttft t USING (zone, day, provider_id, model, origin_kind, status);

INSERT INTO usage_spend_hourly (hour, provider_id, access_key_id, requests, cost_usd_micros)
    SELECT at / 3600000, coalesce(provider_id, ''), coalesce(access_key_id, ''), count(*),
           coalesce(sum(cost_usd_micros), 0)
    FROM ledger GROUP BY 1, 2, 3;
