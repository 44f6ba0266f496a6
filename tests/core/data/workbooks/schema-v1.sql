-- Fixture: a workbook of schema 1, the first workbook schema TokenWatt wrote, as an older
-- build left it. tst_store opens a copy of schema-v1.tokenwatt to test the migration to the
-- current schema. Regenerate the binary from this file with (see README.md):
--     sqlite3 schema-v1.tokenwatt < schema-v1.sql
-- Schema 1 differs from schema 2 only in that scenarios have no `position` column (they were
-- listed by id). The ids are not in name order (steady = 2, burst = 7), so the migration's
-- ordering is visible. The parameters are scenario::toJson text of the default example,
-- shortened to 300 s (burst: 8 requests/s and a model override); the cached results of
-- "steady" were made by an older build (0.0.9), with only some fields.
PRAGMA application_id = 1415004747; -- 0x5457424B, "TWBK"
PRAGMA user_version = 1;
PRAGMA page_size = 4096;
BEGIN;
CREATE TABLE scenarios (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE CHECK (length(name) > 0),
    format_version INTEGER NOT NULL,
    parameters     TEXT    NOT NULL,
    notes          TEXT    NOT NULL DEFAULT '',
    created_utc    TEXT    NOT NULL,
    modified_utc   TEXT    NOT NULL
);
CREATE TABLE results (
    scenario_id       INTEGER PRIMARY KEY REFERENCES scenarios(id) ON DELETE CASCADE,
    build_version     TEXT NOT NULL,
    parameters_sha256 TEXT NOT NULL,
    summary           TEXT NOT NULL,
    time_series       TEXT NOT NULL,
    created_utc       TEXT NOT NULL
);
CREATE TABLE catalog_overrides (
    scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    json_path   TEXT    NOT NULL,
    catalog_id  TEXT    NOT NULL,
    overrides   TEXT    NOT NULL,
    PRIMARY KEY (scenario_id, json_path)
);
INSERT INTO scenarios VALUES (7, 'burst', 1, '{
  "version": 1,
  "name": "Chat assistant on Llama 3.1 70B",
  "description": "Chat assistant traffic on Llama 3.1 70B, served in bf16 by two replicas of four H100 SXM GPUs with continuous batching and chunked prefill. The run covers the hour from 09:00 of a day whose Poisson traffic averages 6 requests per second and peaks at 14:00 at three times the night-time trough, so this hour sees about 6.8 requests per second. Prompts average about 1,000 tokens and answers about 250 (lognormal, capped at 8,192 and 2,048); a request meets the objective when its first token comes within 2 s and later tokens average at most 0.1 s. The GPUs are rented as AWS p5.48xlarge instances at the on-demand list price, and run on the average United States grid.",
  "seed": 1,
  "simulation": {
    "horizonSeconds": 300,
    "warmupSeconds": 0,
    "timeseriesResolutionSeconds": 60,
    "replication": 0,
    "maxRequests": 20000000
  },
  "workload": {
    "arrival": {
      "type": "poisson",
      "ratePerSecond": 8,
      "diurnal": {
        "hourlyMultipliers": [
          0.5669872981077806,
          0.5170370868554659,
          0.5,
          0.5170370868554659,
          0.5669872981077806,
          0.6464466094067263,
          0.7500000000000001,
          0.8705904774487396,
          1,
          1.1294095225512604,
          1.25,
          1.3535533905932737,
          1.4330127018922194,
          1.482962913144534,
          1.5,
          1.482962913144534,
          1.4330127018922194,
          1.3535533905932737,
          1.25,
          1.1294095225512604,
          1,
          0.8705904774487396,
          0.7500000000000001,
          0.6464466094067263
        ]
      },
      "startHour": 9
    },
    "classes": [
      {
        "name": "chat",
        "share": 1,
        "complexity": "",
        "deployment": "",
        "cacheHitRate": 0,
        "promptTokens": {
          "type": "lognormal",
          "mean": 1000,
          "cv": 1,
          "min": 1,
          "max": 8192
        },
        "outputTokens": {
          "type": "lognormal",
          "mean": 250,
          "cv": 0.8,
          "min": 1,
          "max": 2048
        }
      }
    ]
  },
  "deployments": [
    {
      "name": "main",
      "kind": "selfHosted",
      "model": {
        "catalog": "llama-3.1-70b",
        "maxContextTokens": 32768
      },
      "weightPrecision": "bf16",
      "kvPrecision": "bf16",
      "hardware": {
        "gpu": "h100_sxm",
        "gpusPerReplica": 4,
        "replicas": 2
      },
      "serving": {
        "software": "vllm",
        "policy": "continuous",
        "maxBatchSize": 8,
        "batchTimeoutSeconds": 0.05,
        "maxRunningRequests": 256,
        "maxBatchedTokens": 8192,
        "chunkedPrefill": true,
        "memoryReserveFraction": 0.1,
        "routing": "leastOutstanding"
      },
      "performance": {
        "computeEfficiency": 0.8688,
        "memoryEfficiency": 0.7264,
        "interconnectEfficiency": 0.2761,
        "iterationOverheadSeconds": 1.61e-06,
        "perLayerOverheadSeconds": 2.603e-06,
        "perSequenceOverheadSeconds": 4.119e-05,
        "moeLayerOverheadSeconds": 0.0001518,
        "allReduceLatencySeconds": 2.042e-05
      },
      "power": {
        "idleWatts": 0,
        "prefillComputeWeight": 1.5,
        "prefillMemoryWeight": 0.9941,
        "decodeComputeWeight": 1.5,
        "decodeMemoryWeight": 0.9941,
        "powerCapWatts": 0,
        "serverOverheadWattsPerGpu": 0,
        "serverOverheadFraction": 0
      },
      "hosting": {
        "type": "cloud",
        "offering": "AWS/p5.48xlarge",
        "embodiedKgCo2ePerGpu": 150,
        "embodiedKgCo2ePerNode": 0,
        "hardwareLifetimeYears": 5
      }
    }
  ],
  "routing": [],
  "cache": {
    "hitLatencySeconds": 0.05,
    "costPerLookupUsd": 0
  },
  "region": {
    "id": "USA",
    "pue": 1.56,
    "electricityPricePerKwhUsd": 0.0806
  },
  "slo": {
    "ttftSeconds": 2,
    "tpotSeconds": 0.1
  }
}',
    'Eight requests a second, with a 32k context.', '2025-11-02T08:00:00Z', '2025-11-03T09:30:00Z');
INSERT INTO scenarios VALUES (2, 'steady', 1, '{
  "version": 1,
  "name": "Chat assistant on Llama 3.1 70B",
  "description": "Chat assistant traffic on Llama 3.1 70B, served in bf16 by two replicas of four H100 SXM GPUs with continuous batching and chunked prefill. The run covers the hour from 09:00 of a day whose Poisson traffic averages 6 requests per second and peaks at 14:00 at three times the night-time trough, so this hour sees about 6.8 requests per second. Prompts average about 1,000 tokens and answers about 250 (lognormal, capped at 8,192 and 2,048); a request meets the objective when its first token comes within 2 s and later tokens average at most 0.1 s. The GPUs are rented as AWS p5.48xlarge instances at the on-demand list price, and run on the average United States grid.",
  "seed": 1,
  "simulation": {
    "horizonSeconds": 300,
    "warmupSeconds": 0,
    "timeseriesResolutionSeconds": 60,
    "replication": 0,
    "maxRequests": 20000000
  },
  "workload": {
    "arrival": {
      "type": "poisson",
      "ratePerSecond": 2,
      "diurnal": {
        "hourlyMultipliers": [
          0.5669872981077806,
          0.5170370868554659,
          0.5,
          0.5170370868554659,
          0.5669872981077806,
          0.6464466094067263,
          0.7500000000000001,
          0.8705904774487396,
          1,
          1.1294095225512604,
          1.25,
          1.3535533905932737,
          1.4330127018922194,
          1.482962913144534,
          1.5,
          1.482962913144534,
          1.4330127018922194,
          1.3535533905932737,
          1.25,
          1.1294095225512604,
          1,
          0.8705904774487396,
          0.7500000000000001,
          0.6464466094067263
        ]
      },
      "startHour": 9
    },
    "classes": [
      {
        "name": "chat",
        "share": 1,
        "complexity": "",
        "deployment": "",
        "cacheHitRate": 0,
        "promptTokens": {
          "type": "lognormal",
          "mean": 1000,
          "cv": 1,
          "min": 1,
          "max": 8192
        },
        "outputTokens": {
          "type": "lognormal",
          "mean": 250,
          "cv": 0.8,
          "min": 1,
          "max": 2048
        }
      }
    ]
  },
  "deployments": [
    {
      "name": "main",
      "kind": "selfHosted",
      "model": "llama-3.1-70b",
      "weightPrecision": "bf16",
      "kvPrecision": "bf16",
      "hardware": {
        "gpu": "h100_sxm",
        "gpusPerReplica": 4,
        "replicas": 2
      },
      "serving": {
        "software": "vllm",
        "policy": "continuous",
        "maxBatchSize": 8,
        "batchTimeoutSeconds": 0.05,
        "maxRunningRequests": 256,
        "maxBatchedTokens": 8192,
        "chunkedPrefill": true,
        "memoryReserveFraction": 0.1,
        "routing": "leastOutstanding"
      },
      "performance": {
        "computeEfficiency": 0.8688,
        "memoryEfficiency": 0.7264,
        "interconnectEfficiency": 0.2761,
        "iterationOverheadSeconds": 1.61e-06,
        "perLayerOverheadSeconds": 2.603e-06,
        "perSequenceOverheadSeconds": 4.119e-05,
        "moeLayerOverheadSeconds": 0.0001518,
        "allReduceLatencySeconds": 2.042e-05
      },
      "power": {
        "idleWatts": 0,
        "prefillComputeWeight": 1.5,
        "prefillMemoryWeight": 0.9941,
        "decodeComputeWeight": 1.5,
        "decodeMemoryWeight": 0.9941,
        "powerCapWatts": 0,
        "serverOverheadWattsPerGpu": 0,
        "serverOverheadFraction": 0
      },
      "hosting": {
        "type": "cloud",
        "offering": "AWS/p5.48xlarge",
        "embodiedKgCo2ePerGpu": 150,
        "embodiedKgCo2ePerNode": 0,
        "hardwareLifetimeYears": 5
      }
    }
  ],
  "routing": [],
  "cache": {
    "hitLatencySeconds": 0.05,
    "costPerLookupUsd": 0
  },
  "region": {
    "id": "USA",
    "pue": 1.56,
    "electricityPricePerKwhUsd": 0.0806
  },
  "slo": {
    "ttftSeconds": 2,
    "tpotSeconds": 0.1
  }
}',
    'Two requests a second: the quiet hours.', '2025-11-01T08:00:00Z', '2025-11-01T08:15:00Z');
INSERT INTO results VALUES (2, '0.0.9', 'd18ac3ddadc907037a9909f1c672e9b59ca3cf35771ceb2973e50c50d17bb93b', '{"status":"completed","statusMessage":"","scenarioName":"Chat assistant on Llama 3.1 70B","seed":1,"horizonSeconds":300.0,"warmupSeconds":0.0,"arrivedRequests":597,"completedRequests":590,"requestsPerSecond":1.9666666666666666,"ttftSeconds":{"count":590,"mean":0.21,"p50":0.18,"p90":0.33,"p95":0.41,"p99":0.62,"max":0.9},"cost":{"totalUsd":8.19},"deployments":[]}', '{"resolutionSeconds":60.0,"binStartSeconds":[0.0,60.0,120.0,180.0,240.0],"arrivals":[118.0,121.0,119.0,120.0,119.0]}', '2025-11-01T08:16:00Z');
INSERT INTO catalog_overrides VALUES (7, 'deployments[0].model', 'llama-3.1-70b',
    '{"maxContextTokens":32768}');
COMMIT;
