#pragma once

#include "ui/render/run_output.h"

#include <QByteArray>

namespace tw::ui {

/// CSV texts of what the window shows, for File > Export. Numbers are written with full
/// precision (core's metrics::csvNumber), never as displayed.

/// The KPI cards: `kpi,value,unit`, one row per card of KpiStrip (cost per month, $ per 1M
/// output tokens, p95 TTFT, p95 TPOT, GPU utilisation, energy and CO₂e per year), then the
/// compared API's price per 1M output tokens when one is set. Empty cells for figures the run
/// does not have (no measured request).
QByteArray kpiTableCsv(const RunOutput &output);

/// Every scalar of the results (metrics::formatCsv).
QByteArray resultsCsv(const RunOutput &output);

/// Every time series of the results, one row per bin (metrics::formatTimeSeriesCsv).
QByteArray timeSeriesCsv(const RunOutput &output);

/// The curve over the swept lever, one row per point (metrics::formatSweepCsv).
QByteArray curveCsv(const RunOutput &output);

} // namespace tw::ui
