"""Pages under load: a throw-away site (demo data, search index) served by gunicorn as
the Procfile's web line starts it, driven by wrk (or a Python fallback) on the same
machine. Prints requests per second and p50/p99 latency for the home page, the search
results page (realistic queries, rotated), product pages and supplier pages.

    .venv/bin/python bench/pages_bench.py [--duration 10] [--connections 8]
        [--pages home,search,product,supplier] [--database-url postgresql+psycopg://...]
        [--search-url ...] [--keep]

Goals (issue 12): search results ≥ 300 req/s, product page ≥ 500 req/s. Requests are
anonymous and unconditional (no If-None-Match/If-Modified-Since): the figures measure
real rendering, not HTTP caching. The load generator shares the machine with the
server, so check `uptime` and compare figures taken under the same load.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GOALS = {"search": 300.0, "product": 500.0}
# What buyers type (see issue 12): broad categories, specific products, no diacritics,
# English, a number with a unit, a filter.
QUERIES = (
    "máy ép bùn",
    "xử lý nước thải",
    "may thoi khi",
    "thùng rác 240 lít",
    "belt filter press",
    "bơm định lượng",
    "lò đốt rác",
    "quan trắc khí thải",
)
PRODUCT_LINK = re.compile(r'href="(/suppliers/[^/"?]+/products/[^/"?]+)"')
SUPPLIER_LINK = re.compile(r'href="(/suppliers/\d[^/"?]*)"')
# The reverse proxy's header: production sends plain HTTP to https:// otherwise.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}


@dataclass
class Result:
    page: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def site_env(instance: Path, database_url: str | None, search_url: str | None) -> dict[str, str]:
    """A production configuration behind one trusted proxy, all state under `instance`."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SEARCH_URL")}
    env.update(
        INSTANCE_PATH=str(instance),
        APP_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        PUBLIC_BASE_URL="https://bench.example",
        TRUSTED_PROXIES="1",
        INDEXER="inline",
        FLASK_APP="wsgi",
        PATH=f"{BIN}:{env.get('PATH', '')}",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if search_url:
        env["SEARCH_URL"] = search_url
    return env


def set_up(env: dict[str, str]) -> None:
    """As `make run` does: migrate, load the demo data, build the search index."""
    for cmd in (
        ["alembic", "upgrade", "head"],
        ["flask", "demo", "load", "--if-empty"],
        ["flask", "search", "reindex"],
    ):
        t0 = time.perf_counter()
        subprocess.run(
            [str(BIN / cmd[0]), *cmd[1:]], cwd=ROOT, env=env, check=True, capture_output=True
        )
        print(f"  {' '.join(cmd)}: {time.perf_counter() - t0:.1f} s", flush=True)


def procfile_web() -> str:
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("web:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit("Procfile has no web: line")


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """The Procfile's web command, unchanged, with PORT set (as honcho/Heroku do)."""
    env = {**env, "PORT": str(port)}
    out = open(log, "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(  # nosec B602 - our own Procfile line
        procfile_web(),
        shell=True,
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=out,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited ({proc.returncode}); see {log}")
        try:
            status, _ = get(port, "/healthz")
            if status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise SystemExit(f"gunicorn did not answer in 60 s; see {log}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=PROXY_HEADERS)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def page_paths(port: int, products: int, suppliers: int) -> dict[str, list[str]]:
    """The pages to request: product and supplier links taken from the search results,
    as a visitor would follow them."""
    searches = [f"/search?q={urllib.parse.quote(q)}" for q in QUERIES]
    product_paths: list[str] = []
    supplier_paths: list[str] = []
    for path in searches:
        status, body = get(port, path)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}")
        html = body.decode("utf-8")
        product_paths += [p for p in PRODUCT_LINK.findall(html)[:2] if p not in product_paths]
        supplier_paths += [p for p in SUPPLIER_LINK.findall(html) if p not in supplier_paths]
    if not product_paths or not supplier_paths:
        raise SystemExit("no product or supplier links on the search results page")
    return {
        "home": ["/"],
        "search": searches,
        "product": product_paths[:products],
        "supplier": supplier_paths[:suppliers],
    }


def warm_up(port: int, paths: dict[str, list[str]], rounds: int) -> None:
    """Every worker renders every page a few times (templates compiled, caches filled)."""
    for _ in range(rounds):
        for group in paths.values():
            for path in group:
                status, _ = get(port, path)
                if status != 200:
                    raise SystemExit(f"GET {path} answered {status}")


WRK_SCRIPT = """
local paths = {%s}
local i = 0
%s
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def run_wrk(
    port: int, page: str, paths: list[str], duration: int, connections: int, tmp: Path
) -> Result:
    headers = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in PROXY_HEADERS.items())
    script = tmp / f"{page}.lua"
    script.write_text(WRK_SCRIPT % (", ".join(f'"{p}"' for p in paths), headers), encoding="utf-8")
    threads = min(2, connections)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = dict(re.findall(r"^\s+(\d+)%\s+([\d.]+\w+)", out, re.M))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s*(\d+)", out))
    socket = re.search(r"Socket errors:(.*)", out)
    errors += sum(int(n) for n in re.findall(r"\d+", socket.group(1))) if socket else 0
    return Result(page, rps, _ms(latency["50"]), _ms(latency["99"]), errors)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_python(port: int, page: str, paths: list[str], duration: int, connections: int) -> Result:
    """Fallback without wrk: `connections` threads, each a request loop (slower client,
    so figures are a floor)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def loop(offset: int) -> None:
        nonlocal errors
        i = offset
        mine: list[float] = []
        bad = 0
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                status, _ = get(port, paths[i % len(paths)])
            except OSError:
                status = 0
            mine.append(time.perf_counter() - t0)
            bad += status != 200
            i += 1
        with lock:
            latencies.extend(mine)
            errors += bad

    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100)
    return Result(page, len(latencies) / elapsed, q[49] * 1000, q[98] * 1000, errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--pages", default="home,search,product,supplier")
    parser.add_argument("--products", type=int, default=8, help="product pages rotated")
    parser.add_argument("--suppliers", type=int, default=6, help="supplier pages rotated")
    parser.add_argument(
        "--database-url", help="e.g. an empty PostgreSQL database (default: SQLite)"
    )
    parser.add_argument("--search-url", help="default: Whoosh index under the temporary folder")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--instance", type=Path, help="reuse this instance folder (set up once, then kept)"
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="pages-bench-"))
    instance = args.instance or tmp / "instance"
    ready = args.instance is not None and (instance / "ready").exists()
    env = site_env(instance, args.database_url, args.search_url)
    use_wrk = not args.python_client and shutil.which("wrk") is not None
    load = os.getloadavg()
    print(
        f"pages bench: {args.database_url or 'SQLite'}, {args.search_url or 'Whoosh'}; "
        f"{'wrk' if use_wrk else 'Python client'}, {args.connections} connections, "
        f"{args.duration} s a page; {os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f}"
    )
    print(f"  web: {procfile_web()}")
    if not ready:
        set_up(env)
        (instance / "ready").touch()
    port = free_port()
    server = start_server(env, port, tmp / "gunicorn.log")
    results: list[Result] = []
    try:
        paths = page_paths(port, args.products, args.suppliers)
        warm_up(port, paths, rounds=4)
        for page in args.pages.split(","):
            if use_wrk:
                result = run_wrk(port, page, paths[page], args.duration, args.connections, tmp)
            else:
                result = run_python(port, page, paths[page], args.duration, args.connections)
            results.append(result)
    finally:
        stop_server(server)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    load = os.getloadavg()
    print(f"\n{'page':<10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'goal':>8}")
    for r in results:
        goal = GOALS.get(r.page)
        mark = "" if goal is None else (f"{goal:.0f} ok" if r.rps >= goal else f"{goal:.0f} !")
        print(f"{r.page:<10}{r.rps:>9.1f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.errors:>8}{mark:>8}")
    print(f"load after: {load[0]:.2f} {load[1]:.2f}" + (f"; kept {tmp}" if args.keep else ""))


if __name__ == "__main__":
    main()
