#!/usr/bin/env python3
"""Checks the report files of a `loadtest tcp` run: summary.json, report.html and the .hgrm files.

Usage: check_tcp_report.py DIR [--steps]

Fails (exit status 1, one line per problem) when a file is missing or malformed, when the run recorded an
error, a disconnection or a failed end-of-run check, or when the figures are not what a run produces
(no samples, percentiles out of order, an .hgrm whose count differs from the summary's).
"""
import json
import os
import sys
import xml.etree.ElementTree as ElementTree

SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def check_summary(summary, problems, steps):
    for key, expected in [("errors", 0), ("disconnects", 0)]:
        if summary.get(key) != expected:
            problems.append(f"summary.json: {key} is {summary.get(key)}, expected {expected}")
    checks = summary.get("checks", {})
    if checks.get("unanswered") != 0 or checks.get("orders_not_ended_exactly_once") != 0:
        problems.append(f"summary.json: end-of-run checks failed: {checks}")
    if checks.get("maker_and_taker_fills_agree") is not True:
        problems.append("summary.json: the makers' and takers' fills do not agree")
    if checks.get("injected_rejects_sent") != checks.get("injected_rejects_rejected"):
        problems.append("summary.json: injected rejects were not all reported")
    if summary.get("requests", 0) <= 0 or summary.get("requests_per_second", 0) <= 0:
        problems.append("summary.json: no requests were measured")
    latencies = [summary.get("latency_ns", {})] + list(summary.get("latency_ns_by_type", {}).values())
    if len(latencies) < 2:
        problems.append("summary.json: no latency per message type")
    for latency in latencies:
        ordered = [latency.get(name, -1) for name in ("p50", "p90", "p99", "p99.9", "p99.99", "max")]
        if latency.get("samples", 0) <= 0 or ordered != sorted(ordered) or ordered[0] <= 0:
            problems.append(f"summary.json: a latency summary is not plausible: {latency}")
    if steps and len(summary.get("steps_by_rate", {})) < 2:
        problems.append("summary.json: step mode ran fewer than two steps")


def check_html(path, problems, steps):
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        problems.append(f"report.html is not well-formed: {error}")
        return
    if root.tag != XHTML + "html":
        problems.append("report.html: the root is not an XHTML html element")
    svgs = root.findall(f".//{SVG}svg")
    if len(svgs) < (4 if steps else 3):
        problems.append(f"report.html: {len(svgs)} charts")
    for index, svg in enumerate(svgs):
        lines = svg.findall(f".//{SVG}polyline")
        if not lines or not all(line.get("points", "").strip() for line in lines):
            problems.append(f"report.html: chart {index + 1} draws no line")
    for element in root.iter():
        name = element.tag.split("}")[-1]
        if name in ("script", "link", "img", "iframe", "object"):
            problems.append(f"report.html: a <{name}> element (the report must stand alone)")
        for attribute in ("src", "href"):
            if element.get(attribute):
                problems.append(f"report.html: <{name} {attribute}=...> refers to something outside the file")


def check_hgrm(path, problems, expected_count=None):
    with open(path) as file:
        lines = [line.rstrip("\n") for line in file]
    if not lines or lines[0].split() != ["Value", "Percentile", "TotalCount", "1/(1-Percentile)"]:
        problems.append(f"{path}: not an HdrHistogram percentile distribution")
        return
    rows = []
    for line in lines[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split()
        try:
            rows.append((float(fields[0]), float(fields[1]), int(fields[2])))
        except (ValueError, IndexError):
            problems.append(f"{path}: cannot read the line {line!r}")
            return
    if not rows or any(b[0] < a[0] or b[1] < a[1] or b[2] < a[2] for a, b in zip(rows, rows[1:])):
        problems.append(f"{path}: the distribution is empty or not ordered")
    footer = [line for line in lines if line.startswith("#[Max")]
    if not footer:
        problems.append(f"{path}: no #[Max ...] line")
    elif expected_count is not None and int(footer[0].rstrip("]").split("=")[-1]) != expected_count:
        problems.append(f"{path}: {footer[0]} but the summary has {expected_count} samples")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    directory, steps = sys.argv[1], "--steps" in sys.argv[2:]
    problems = []
    for name in ("summary.json", "report.html", "latency.hgrm"):
        if not os.path.isfile(os.path.join(directory, name)):
            problems.append(f"{name} is missing")
    if problems:
        print("\n".join(problems))
        return 1
    duplicates = []

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        duplicates.extend(sorted({key for key in keys if keys.count(key) > 1}))
        return dict(pairs)

    with open(os.path.join(directory, "summary.json")) as file:
        summary = json.load(file, object_pairs_hook=no_duplicates)
    if duplicates:
        problems.append(f"summary.json: duplicate keys {duplicates}")
    check_summary(summary, problems, steps)
    check_html(os.path.join(directory, "report.html"), problems, steps)
    check_hgrm(os.path.join(directory, "latency.hgrm"), problems, summary.get("latency_ns", {}).get("samples"))
    for name, latency in summary.get("latency_ns_by_type", {}).items():
        path = os.path.join(directory, f"latency-{name}.hgrm")
        if not os.path.isfile(path):
            problems.append(f"latency-{name}.hgrm is missing")
        else:
            check_hgrm(path, problems, latency.get("samples"))
    if problems:
        print("\n".join(problems))
        return 1
    print(f"{directory}: reports well-formed, {summary['requests']} requests, no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
