#!/usr/bin/env python3
"""Parses a /metrics scrape with prometheus_client's own parser (issue 16) and checks that every
required family is there with the right type, that request histograms are labelled by route
pattern (never a raw path), and that the counts the script's own requests caused are visible.

usage: check-metrics.py SCRAPE_FILE
"""
import sys

from prometheus_client.parser import text_string_to_metric_families

REQUIRED = {
    "lawtrail_http_request_duration_seconds": "histogram",
    "lawtrail_ledger_append_duration_seconds": "histogram",
    "lawtrail_ledger_batch_duration_seconds": "histogram",
    "lawtrail_ledger_batch_entries": "histogram",
    "lawtrail_ledger_batch_appends": "histogram",
    "lawtrail_ledger_batch_failures": "counter",
    "lawtrail_upload_bytes": "counter",
    "lawtrail_uploads_receiving": "gauge",
    "lawtrail_uploads_open": "gauge",
    "lawtrail_obligations_pending": "gauge",
    "lawtrail_obligations_overdue": "gauge",
    "lawtrail_ledger_entries": "gauge",
    "lawtrail_records": "counter",
    "lawtrail_retrievals": "counter",
    "lawtrail_access_refusals": "counter",
    "lawtrail_activities": "counter",
    "lawtrail_fixity_blobs_checked": "counter",
    "lawtrail_fixity_failures": "gauge",
    "lawtrail_fixity_last_cycle_completed_timestamp_seconds": "gauge",
}


def main() -> None:
    text = open(sys.argv[1], encoding="utf-8").read()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    for name, kind in REQUIRED.items():
        assert name in families, f"missing family {name}"
        assert families[name].type == kind, f"{name} is a {families[name].type}, expected {kind}"

    requests = families["lawtrail_http_request_duration_seconds"]
    routes = set()
    for sample in requests.samples:
        labels = sample.labels
        assert set(labels) - {"le"} == {"route", "method", "status"}, f"unexpected labels {labels}"
        assert labels["status"] in {"1xx", "2xx", "3xx", "4xx", "5xx"}, labels
        assert labels["route"] == "unmatched" or labels["route"].startswith("/"), labels
        routes.add(labels["route"])
    # The script asked for three different publications and a path that matches no route.
    assert "/publications/:id" in routes, sorted(routes)
    assert not any(len(part) == 36 for route in routes for part in route.split("/")), f"a raw id in a label: {sorted(routes)}"
    assert "unmatched" in routes and not any("no-such-page" in route for route in routes), sorted(routes)

    def value(family: str, suffix: str, **labels: str) -> float:
        for sample in families[family].samples:
            if sample.name == family + suffix and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
        raise AssertionError(f"no sample {family}{suffix} {labels}")

    healthz = value("lawtrail_http_request_duration_seconds", "_count", route="/healthz", method="GET", status="2xx")
    assert healthz >= 5, f"/healthz counted {healthz} times, the script asked 5"
    assert value("lawtrail_http_request_duration_seconds", "_bucket", route="/healthz", method="GET", status="2xx", le="+Inf") == healthz
    assert value("lawtrail_ledger_entries", "") > 0
    assert value("lawtrail_ledger_batch_entries", "_sum") > 0, "the demo's appends were not measured"
    assert value("lawtrail_ledger_append_duration_seconds", "_count") > 0
    print(f"/metrics parsed by prometheus_client: {len(families)} families, {sum(len(f.samples) for f in families.values())} samples, "
          f"{len(routes)} routes; /healthz {int(healthz)} requests")


if __name__ == "__main__":
    main()
