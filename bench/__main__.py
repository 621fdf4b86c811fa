"""`python -m bench`: run the benchmarks (see bench/README.md)."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
from typing import Any

from . import ablation, registry, report
from .runner import Settings, pool, run_plan


def _parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(x) for x in text.replace(" ", "").split(",") if x)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}") from None
    if not sizes or any(s <= 0 for s in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Lantern's benchmark harness: every workload in a fresh process, warm-up + repetitions, "
        "median/min time and peak RSS, a JSON result file under bench/results/.",
    )
    sel = p.add_argument_group("what to run")
    sel.add_argument("--list", action="store_true", help="list the workloads and exit")
    sel.add_argument("--smoke", action="store_true", help="quick check that the harness works: every workload once at a tiny size (and one ablation run each); exits 1 if any fails; writes nothing unless --output")
    sel.add_argument("-k", "--filter", action="append", metavar="PATTERN", help="only workloads matching this glob or name prefix (repeatable), e.g. -k 'kernel.synthetic.*'")
    sel.add_argument("--sizes", type=_parse_sizes, metavar="N,N,…", help="override the size series of sized workloads")
    sel.add_argument("--ablation", action="store_true", help="only the cache ablation")
    sel.add_argument("--no-ablation", action="store_true", help="skip the cache ablation")
    sel.add_argument("--caches", metavar="C,C,…", help=f"ablation configurations to run (default: {','.join(ablation.configurations())})")

    how = p.add_argument_group("how to measure")
    how.add_argument("--warmup", type=int, default=None, help="warm-up runs per measurement (default 1; 0 with --smoke)")
    how.add_argument("--reps", type=int, default=None, help="timed runs per measurement (default 5; 1 with --smoke)")
    how.add_argument("--budget", type=float, default=60.0, help="seconds of timed runs per measurement before repetitions are cut (never below 3; default 60)")
    how.add_argument("--timeout", type=float, default=900.0, help="seconds per measurement before the worker is killed (default 900)")
    how.add_argument("--ablation-timeout", type=float, default=600.0, help="the same for ablated runs (default 600)")
    how.add_argument("--quiet-wait", type=float, default=120.0, help="before each measurement, wait up to this many seconds for other processes to leave the CPUs alone (default 120; 0: don't wait; never with --smoke)")
    how.add_argument("--quiet-cores", type=float, default=0.5, help="'alone' means other processes use at most this many CPUs (default 0.5)")

    how.add_argument("--rounds", type=int, default=1, help="run the whole plan this many times, one round after the other, and pool each measurement's timed runs (steadier numbers on a noisy machine; default 1)")
    how.add_argument("--retries", type=int, default=1, help="measure again, up to this many times, when other processes used the machine during a measurement (default 1; keeps the attempt with the lowest minimum)")
    how.add_argument("--no-snapshot", action="store_true", help="run the workers on the live repository instead of a copy of its code taken at the start (edits during the run then change what is measured)")

    out = p.add_argument_group("output")
    out.add_argument("--no-write", action="store_true", help="do not write a result file")
    out.add_argument("--output", metavar="FILE", help="write the result here instead of bench/results/<date>_<commit>.json")
    out.add_argument("--update-readme", action="store_true", help="regenerate the results section of bench/README.md from the newest full result file (or --result) and exit; runs nothing")
    out.add_argument("--report", action="store_true", help="print the tables of the newest full result file (or --result) and exit")
    out.add_argument("--result", metavar="FILE", help="the result file for --update-readme / --report")

    prof = p.add_argument_group("profiling")
    prof.add_argument("--profile", metavar="WORKLOAD", help="run WORKLOAD once under cProfile in this process and print the top functions")
    prof.add_argument("--size", type=int, help="size for --profile (default: the middle of its series)")
    prof.add_argument("--top", type=int, default=10, help="functions to print with --profile (default 10)")
    prof.add_argument("--sort", default="cumulative", help="pstats sort key for --profile (cumulative, tottime, …)")
    prof.add_argument("--profile-out", metavar="FILE", help="also save the raw profile (for snakeviz, pstats)")
    prof.add_argument("--ablate", metavar="CACHE", help="with --profile: disable this cache (see --caches)")
    return p


def _load_result(path: str | None) -> tuple[str, dict[str, Any]]:
    if path:
        with open(path, encoding="utf-8") as f:
            return path, json.load(f)
    found = report.newest_result()
    if found is None:
        raise SystemExit(f"no full result file in {registry.RESULTS_DIR}; run `python -m bench` first")
    return found


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (OSError, AttributeError):
        return None


def _list() -> int:
    ws = registry.load_all().values()
    for w in ws:
        sizes = ", ".join(map(str, w.sizes)) if w.sizes else "unsized"
        extra = f"; smoke N={w.smoke_size}" if w.sizes and w.smoke_size else ""
        abl = f"; ablation at N={','.join('–' if s is None else str(s) for s in w.ablation_sizes)}" if w.ablation_sizes else ""
        print(f"{w.name}  [{sizes}{extra}{abl}]\n    {w.description}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.argv_list = sys.argv[1:] if argv is None else list(argv)
    if args.list:
        return _list()
    if args.update_readme or args.report:
        path, result = _load_result(args.result)
        result.setdefault("file", os.path.basename(path))
        if args.report:
            print(report.markdown(result))
        if args.update_readme:
            report.update_readme(result)
            print(f"updated {os.path.relpath(registry.README)} from {os.path.relpath(path)}")
        return 0
    if args.profile:
        from .profiling import profile

        print(profile(args.profile, args.size, args.top, args.sort, args.profile_out, args.ablate))
        return 0
    if args.ablation and args.no_ablation:
        raise SystemExit("--ablation and --no-ablation exclude each other")

    if (args.reps is not None and args.reps < 1) or (args.warmup is not None and args.warmup < 0):
        raise SystemExit("--reps must be at least 1 and --warmup at least 0")
    smoke = args.smoke
    settings = Settings(
        warmup=args.warmup if args.warmup is not None else (0 if smoke else 1),
        reps=args.reps if args.reps is not None else (1 if smoke else 5),
        budget=None if smoke else args.budget,
        timeout=min(args.timeout, 120.0) if smoke else args.timeout,
        quiet_cores=args.quiet_cores,
        quiet_wait=0.0 if smoke else args.quiet_wait,
        retries=0 if smoke else args.retries,
    )
    if args.rounds < 1 or args.retries < 0:
        raise SystemExit("--rounds must be at least 1 and --retries at least 0")
    configs = ablation.configurations()
    if args.caches:
        configs = [c.strip() for c in args.caches.split(",") if c.strip()]
        for c in configs:
            try:
                ablation.caches_of(c)
            except ValueError as ex:
                raise SystemExit(str(ex)) from None
    workloads = registry.select(args.filter)
    if not workloads:
        raise SystemExit("no workload matches the filter; see --list")

    # The plan: (workload, size, group, ablated caches).
    plan: list[tuple[registry.Workload, int | None, str, str | None]] = []
    if not args.ablation:
        for w in workloads:
            sizes = w.smoke_sizes() if smoke else (args.sizes if (args.sizes and w.sizes) else w.full_sizes())
            plan += [(w, s, "workloads", None) for s in sizes]
    if not args.no_ablation:
        for w in workloads:
            if not w.ablation_sizes:
                continue
            if smoke:
                # One run with every cache off: checks the monkeypatching still matches the kernel.
                plan.append((w, w.smoke_sizes()[0], "ablation", "all"))
                continue
            for s in w.ablation_sizes:
                # The baseline before and after the ablated runs: the factor uses the better of the two,
                # so one disturbed baseline does not skew every factor of the row.
                plan.append((w, s, "ablation", None))
                plan += [(w, s, "ablation", c) for c in configs]
                plan.append((w, s, "ablation", None))

    if smoke:
        mode = "smoke"
    elif args.ablation:
        mode = "ablation"
    elif args.filter or args.sizes or args.no_ablation or args.caches:
        mode = "partial"
    else:
        mode = "full"

    from . import snapshot
    from .machine import describe, git_info

    started = _dt.datetime.now().astimezone()
    git_start = git_info()
    snap_dir = None
    if args.no_snapshot:
        code = {"snapshot": False, "root": registry.REPO_ROOT}
    else:
        snap_dir, digest = snapshot.make()
        settings.code_root = snap_dir
        code = {"snapshot": True, "digest": digest, "packages": snapshot.package_dirs()}
    try:
        return _run(args, settings, plan, mode, smoke, started, git_start, code)
    finally:
        if snap_dir:
            snapshot.remove(snap_dir)


def _run(args: argparse.Namespace, settings: Settings, plan: list, mode: str, smoke: bool,
         started: _dt.datetime, git_start: dict[str, Any], code: dict[str, Any]) -> int:
    from .machine import describe, git_info

    result: dict[str, Any] = {
        "schema": 1,
        "mode": mode,
        "created": started.isoformat(timespec="seconds"),
        "machine": describe(),
        "git": git_start,
        "code": code,
        "settings": {
            "warmup": settings.warmup,
            "reps": settings.reps,
            "min_reps": 3,
            "budget_s": settings.budget,
            "timeout_s": settings.timeout,
            "ablation_timeout_s": args.ablation_timeout,
            "quiet_wait_s": settings.quiet_wait,
            "quiet_cores": settings.quiet_cores,
            "retries": settings.retries,
            "rounds": 1 if smoke else args.rounds,
            "isolation": "one fresh process per measurement",
            "pythonhashseed": "0",
            "argv": args.argv_list,
        },
        "loadavg_start": _loadavg(),
        "measurements": [],
    }
    print(f"bench: {len(plan)} measurement(s), mode {mode}, commit {result['git']['short']}, "
          f"{result['machine']['cpu_model']}, Python {result['machine']['python']}", flush=True)

    def on_result(r: dict[str, Any]) -> None:
        print(report.progress_line(r), flush=True)

    rounds = 1 if smoke else args.rounds
    per_item: list[list[dict[str, Any]]] = [[] for _ in plan]
    for k in range(rounds):
        if rounds > 1:
            print(f"bench: round {k + 1} of {rounds}", flush=True)
        for i, (w, size, group, ablate) in enumerate(plan):
            (r,) = run_plan([(w, size, ablate)], settings, on_result,
                            timeout_for=lambda a: min(args.ablation_timeout, settings.timeout) if a else settings.timeout)
            per_item[i].append(r)
    measurements = []
    for (w, size, group, ablate), rs in zip(plan, per_item):
        r = pool(rs)
        r["group"] = group
        r["description"] = w.description
        measurements.append(r)
    result["measurements"] = measurements
    result["finished"] = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    result["loadavg_end"] = _loadavg()
    seen: dict[str, set[str]] = {}
    for m in measurements:
        for pkg, digest in (m.get("code_fingerprint") or {}).items():
            seen.setdefault(pkg, set()).add(digest)
    changed = sorted(pkg for pkg, digests in seen.items() if len(digests) > 1)
    if changed:
        result["code_changed_during_run"] = changed
    end = git_info()
    if not code["snapshot"] and (end["commit"], end["modified"]) != (result["git"]["commit"], result["git"]["modified"]):
        # The live tree changed while the benchmark ran (someone committed or edited): say so.
        result["git_end"] = end
    result["summary"] = report.summarize(result)

    # Failures: a workload that raised (or, in smoke mode, any unsuccessful measurement) fails the run.
    # A timeout of an ablated run in a full run is a result (that cache is indispensable), not a failure.
    failed = [m for m in measurements if m.get("status") == "error"
              or (m.get("status") == "timeout" and (smoke or m["group"] == "workloads"))]

    write = not args.no_write and (not smoke or args.output)
    if write:
        path = args.output
        if not path:
            stamp = started.strftime("%Y-%m-%d_%H%M%S")
            suffix = "" if mode == "full" else f"_{mode}"
            path = os.path.join(registry.RESULTS_DIR, f"{stamp}_{result['git']['short']}{suffix}.json")
        result["file"] = os.path.basename(path)
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)

    if not smoke:
        print()
        print(report.markdown(result))
        for line in report.growth_lines(result):
            print(line)
    ok = len(measurements) - len(failed)
    print(f"\nbench: {ok}/{len(measurements)} measurement(s) ok" + (f", {len(failed)} failed: " + ", ".join(report.label(m) for m in failed) if failed else ""))
    if write:
        print(f"bench: wrote {os.path.relpath(path)}" + ("" if mode != "full" else "; `python -m bench --update-readme` puts its tables in bench/README.md"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
