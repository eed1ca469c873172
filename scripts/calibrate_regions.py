#!/usr/bin/env python3
"""Calibrates the localizer's 95 % regions (docs/LOCALIZATION.md, "95 % region") on scored runs.

The region's semi-axes are sqrt(K * s^2 + (R * (F + C / n))^2), with s the statistical semi-axis (Hotelling's T^2
95 % ellipse of the fit, written by `map` as ellipse95.statistical_semi_major_km / _minor_km), R the power range
at 10,000 ft (radius_km), n the aircraft the estimate rests on. This script recomputes, for every (K, F, C) on a
grid, which scored events' regions would contain the true source, and picks the smallest regions (by median
semi-major axis) whose containment reaches the target. It needs no rerun of `map`.

Input: pooled.json files written by `gnsswatch eval --json` (scripts/evaluate.sh writes OUT/pooled.json); each
run's map folder (events.json) must still be there. Use it on HELD-OUT seeds only, e.g.

    FIRST=101 BUNDLED=0 OUT=build/eval-cal scripts/evaluate.sh 100
    scripts/calibrate_regions.py build/eval-cal/pooled.json

and report on other seeds (scripts/evaluate.sh 100). The current constants are in src/detect/localize.cpp
(kRegionInflation, kSystematicFraction, kSystematicPerAircraft); the script checks first that with them it
reproduces eval's own inside_ci95 verdicts.

Since session 14 fits that rest on 4 or more drop pairs and passes (every located event of the evaluation sets) have
their regions scaled by kPairRegionScale; it was chosen on seeds 1-100 + bundled with

    scripts/calibrate_regions.py OUT/pooled.json --pairs-only --scale-of 1.17 0.033 0

(maps made with it: pass --pair-scale 0.55 with --current). The model average's spread (ellipse95.model_spread_km)
is added to the systematic part in quadrature, as localize.cpp does.
"""
import argparse
import json
import math
import os
import statistics
import sys

EARTH_KM = 6371.0088


def bearing_distance(lat1, lon1, lat2, lon2):
    """Great-circle distance (km) and initial bearing (rad, clockwise from north) from point 1 to point 2."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    d = 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))
    b = math.atan2(math.sin(dl) * math.cos(p2), math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl))
    return d, b


def load_events(pooled_paths):
    """One dict per scored, located event: the truth's offset along and across the region's major axis, and what
    the region is made of."""
    out = []
    for path in pooled_paths:
        with open(path) as f:
            pooled = json.load(f)
        for run in pooled["runs"]:
            events_path = os.path.join(run["dir"], "events.json")
            with open(events_path) as f:
                by_id = {e["id"]: e for e in json.load(f)["events"]}
            for det in run["detected_events"]:
                if not det.get("counts_for_localization"):
                    continue
                src = by_id[det["id"]].get("source") or {}
                truth = det.get("true_source")
                if src.get("status") != "located" or not truth:
                    out.append({"located": False, "name": run["dir"], "id": det["id"]})
                    continue
                ell = src["ellipse95"]
                d, b = bearing_distance(src["lat"], src["lon"], truth["lat"], truth["lon"])
                phi = math.radians(ell["orientation_deg"])
                out.append({
                    "located": True,
                    "name": run["dir"],
                    "id": det["id"],
                    "along": d * math.cos(b - phi),
                    "across": d * math.sin(b - phi),
                    "stat_a": ell["statistical_semi_major_km"],
                    "stat_b": ell["statistical_semi_minor_km"],
                    # the disk the systematic part scales with (older maps: the power range at 10,000 ft) and the
                    # model average's spread (absent before session 14: 0)
                    "radius": ell.get("systematic_range_km", src["radius_km"]),
                    "spread": ell.get("model_spread_km", 0.0),
                    "pairs": src.get("drop_pairs", 0) + src.get("passes", 0),
                    "n": src["aircraft"],
                    "eval_inside": det.get("inside_ci95"),
                    "a_written": ell["semi_major_km"],
                })
    return out


# localize.cpp's kMinPairsForPairRegion: fits with this many drop pairs and passes have their regions (but for the
# model average's spread) scaled by kPairRegionScale, PAIR_SCALE here.
MIN_PAIRS = 4
PAIR_SCALE = 1.0


def axes(e, k, f, c):
    s2 = PAIR_SCALE ** 2 if e["pairs"] >= MIN_PAIRS else 1.0
    sys2 = s2 * (e["radius"] * (f + c / e["n"])) ** 2 + e["spread"] ** 2
    return math.sqrt(s2 * k * e["stat_a"] ** 2 + sys2), math.sqrt(s2 * k * e["stat_b"] ** 2 + sys2)


def score(events, k, f, c, max_semi_major_km):
    """Containment over all scored events (an event whose region would exceed the limit is not located, so not
    contained), and the median semi-major axis of the located ones."""
    inside, widths = 0, []
    for e in events:
        if not e["located"]:
            continue
        a, b = axes(e, k, f, c)
        if a > max_semi_major_km:
            continue
        widths.append(a)
        inside += (e["along"] / a) ** 2 + (e["across"] / b) ** 2 <= 1.0
    return inside / len(events), statistics.median(widths) if widths else math.inf, len(widths)


def scale_of(events, constants, target):
    """The smallest s such that the regions of constants scaled by s (both semi-axes are then s times as long)
    contain the true source of at least `target` of the distinct located sources. Pooled events share one source
    and one verdict: counted once each, they would weigh a group of five events five times."""
    k, f, c = constants
    by_source = {}
    for e in events:
        if not e["located"]:
            continue
        a, b = axes(e, k, f, c)
        # the truth's place in units of the region: inside a region s times as large when this is <= s
        key = (os.path.dirname(e["name"]), round(e["along"], 3), round(e["across"], 3), round(a, 3))
        by_source[key] = (e, math.hypot(e["along"] / a, e["across"] / b))
    needed = sorted(m for _, m in by_source.values())
    n = len(needed)
    s = needed[max(0, math.ceil(target * n) - 1)]
    inside_events = sum(1 for e in events if e["located"] and
                        math.hypot(e["along"] / axes(e, k, f, c)[0], e["across"] / axes(e, k, f, c)[1]) <= s)
    located = sum(1 for e in events if e["located"])
    print(f"{n} distinct located sources; smallest scale containing >= {target} of them: s = {s:.3f} "
          f"-> K={k * s * s:.4f} F={f * s:.4f} C={c * s:.3f}; events contained {inside_events} of {located} located")
    return 0


def frange(lo, hi, step):
    n = int(round((hi - lo) / step))
    return [lo + i * step for i in range(n + 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pooled", nargs="+", help="pooled.json of gnsswatch eval (held-out runs)")
    ap.add_argument("--target", type=float, default=0.95, help="containment to reach (default 0.95)")
    ap.add_argument("--current", type=float, nargs=3, metavar=("K", "F", "C"), default=None,
                    help="the constants the runs were mapped with (checked against eval's inside_ci95)")
    ap.add_argument("--max-semi-major-km", type=float, default=150.0, help="LocalizeOptions::max_semi_major_km")
    ap.add_argument("--scale-of", type=float, nargs=3, metavar=("K", "F", "C"), default=None,
                    help="instead of the grid: the smallest common scale of these constants' regions (K x s^2, "
                         "F x s, C x s) that contains the true source of at least the target share of the DISTINCT "
                         "located sources (pooled events sharing one source count once)")
    ap.add_argument("--pair-scale", type=float, default=1.0,
                    help="the kPairRegionScale the runs were mapped with (localize.cpp; since session 14 0.55): "
                         "regions of fits with >= 4 drop pairs and passes are this times as large")
    ap.add_argument("--pairs-only", action="store_true",
                    help="calibrate on the fits with >= 4 drop pairs and passes only, with --pair-scale 1: "
                         "--scale-of then gives kPairRegionScale")
    args = ap.parse_args()

    global PAIR_SCALE
    PAIR_SCALE = args.pair_scale
    events = load_events(args.pooled)
    if args.pairs_only:
        events = [e for e in events if e.get("pairs", 0) >= MIN_PAIRS]
    located = [e for e in events if e["located"]]
    print(f"{len(events)} scored events, {len(located)} located")
    if args.current:
        k, f, c = args.current
        mismatch = 0
        for e in located:
            a, b = axes(e, k, f, c)
            mine = (e["along"] / a) ** 2 + (e["across"] / b) ** 2 <= 1.0
            mismatch += mine != e["eval_inside"]
        cov, med, n = score(events, k, f, c, args.max_semi_major_km)
        print(f"current K={k} F={f} C={c}: containment {cov:.3f}, median semi-major {med:.1f} km "
              f"({mismatch} of {len(located)} verdicts differ from eval's, e.g. at the region's edge)")

    if args.scale_of:
        return scale_of(events, args.scale_of, args.target)

    best = None
    for k in frange(1.0, 6.0, 0.2):
        for f in frange(0.0, 0.10, 0.005):
            for c in frange(0.0, 12.0, 0.5):
                cov, med, n = score(events, k, f, c, args.max_semi_major_km)
                if cov >= args.target and (best is None or med < best[0] - 1e-9):
                    best = (med, k, f, c, cov, n)
    if best is None:
        print("no constants on the grid reach the target", file=sys.stderr)
        return 1
    med, k, f, c, cov, n = best
    print(f"smallest regions with containment >= {args.target}: K={k:.1f} F={f:.3f} C={c:.1f} "
          f"-> containment {cov:.3f}, median semi-major {med:.1f} km, {n} located")
    return 0


if __name__ == "__main__":
    sys.exit(main())
