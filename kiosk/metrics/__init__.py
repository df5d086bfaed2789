"""What the kiosk counts (Qt-free): `counts` (in memory, always), `daily` (daily totals in
SQLite), `stats` (`kiosk stats --csv`), `exporter` (the Prometheus endpoint, imported only
with --metrics), `address` (the --metrics value). Qt's side is kiosk.ui.metrics."""
