-- 10: the response cache. A ledger row says what the cache did for its call (cache: hit | miss | bypass; NULL for
-- rows from before) and, for a hit (status 'cached'), what the call it replayed had cost when it was made and the
-- time it saved. Routes may set their own cache policy. The day rollups add misses and savings: migration 9's
-- triggers are replaced by the same ones with these three columns (the SQL below is 09's, plus those lines).
ALTER TABLE ledger ADD COLUMN cache TEXT;
ALTER TABLE ledger ADD COLUMN saved_cost_usd_micros INTEGER;
ALTER TABLE ledger ADD COLUMN saved_latency_ms INTEGER;

ALTER TABLE routes ADD COLUMN cache_policy TEXT;          -- off | deterministic | always; NULL follows Settings
ALTER TABLE routes ADD COLUMN cache_tool_calls INTEGER NOT NULL DEFAULT 0;

ALTER TABLE usage_daily ADD COLUMN cache_misses INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN saved_cost_usd_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN saved_latency_ms INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER ledger_rollups_after_insert;
DROP TRIGGER ledger_rollups_after_delete;
DROP TRIGGER ledger_rollups_after_update;

CREATE TRIGGER ledger_rollups_after_insert AFTER INSERT ON ledger BEGIN
    INSERT INTO usage_daily (zone, day, provider_id, model, origin_kind, status)
        SELECT offset_minutes, (NEW.at + offset_minutes * 60000) / 86400000, coalesce(NEW.provider_id, ''),
               coalesce(NEW.model, ''), NEW.origin_kind, NEW.status
        FROM usage_zones WHERE true
        ON CONFLICT DO NOTHING;
    UPDATE usage_daily SET
        provider_name = coalesce(NEW.provider_name, provider_name),
        requests = requests + 1,
        cache_misses = cache_misses + (NEW.cache IS 'miss'),
        saved_cost_usd_micros = saved_cost_usd_micros + coalesce(NEW.saved_cost_usd_micros, 0),
        saved_latency_ms = saved_latency_ms + coalesce(NEW.saved_latency_ms, 0),
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
        cache_misses = cache_misses - (OLD.cache IS 'miss'),
        saved_cost_usd_micros = saved_cost_usd_micros - coalesce(OLD.saved_cost_usd_micros, 0),
        saved_latency_ms = saved_latency_ms - coalesce(OLD.saved_latency_ms, 0),
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

CREATE TRIGGER ledger_rollups_after_update AFTER UPDATE ON ledger BEGIN
    UPDATE usage_daily SET
        requests = requests - 1,
        cache_misses = cache_misses - (OLD.cache IS 'miss'),
        saved_cost_usd_micros = saved_cost_usd_micros - coalesce(OLD.saved_cost_usd_micros, 0),
        saved_latency_ms = saved_latency_ms - coalesce(OLD.saved_latency_ms, 0),
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
        cache_misses = cache_misses + (NEW.cache IS 'miss'),
        saved_cost_usd_micros = saved_cost_usd_micros + coalesce(NEW.saved_cost_usd_micros, 0),
        saved_latency_ms = saved_latency_ms + coalesce(NEW.saved_latency_ms, 0),
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
