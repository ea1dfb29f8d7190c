#!/usr/bin/env python3
"""Crash test of the server and its settlement journal: SIGKILL under load, restart, check what survived.

Usage: crash_test.py --bin DIR [--kills N] [--seed S] [--durability sync|async|none] [options]

DIR holds the `tandem` and `loadtest` executables. A temporary work directory gets a data directory and the
server configuration of `loadtest tcp --write-config`. Then, N times: start `tandem serve` on the data
directory, drive it with `loadtest tcp --received-log` (alternately the mix workload, makers and takers trading
with the book and the pool, and the ec2018 workload with a pool: orders, market orders, cancels and moves),
SIGKILL the server after a random 0.1-0.6 s (seeded, the seed is printed), wait for the harness to end, and check:

- `tandem journal verify` passes (framing, CRCs, consecutive record numbers; a torn tail is reported, not failed);
- `tandem replay --json` passes, and the next start recovers exactly its state: the same state hash and the
  next record right after the replay's last (the replay runs before the restart: a restarted server appends);
- every report a client received (`--received-log`: acknowledgements, fills, cancels, replaces, rejections,
  balance updates) is the journaled event at its place in the account's stream: the account's n-th event in
  the whole journal (commands with request type 0, the opening deposits, aside) is the session's report n, on
  every run, so a report
  released before its records were durable shows up as a report with no journaled event; the sessions'
  sequence numbers have no gap;
- after each restart, before the harness connects again, every account that received reports resumes its
  session (the id derived from the journal, as `Protocol/PROTOCOL.md` says) from its last received report
  and gets, from the journal, each report it missed up to the end of its stream, each the journaled event in
  its place;
- the journal's events and trade ids go on without a gap from one run to the next;
- per asset, the replayed accounts' available and reserved balances (fee account included), the pools'
  reserves and held LP fees add up to the deposits minus the withdrawals (the pool's start-up liquidity counts
  as a deposit).

Each cycle starts on the directory the previous one left, so recovery after recovery is tested. After the last
kill the server starts once more, is checked, stopped with SIGTERM, and every report received in the whole run
is looked up in the full journal. One line per cycle and a summary; the first failed check stops the test with
exit status 1 and keeps the work directory. Standard library only.
"""
import argparse
import asyncio
import decimal
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Protocol", "python"))
import tandem_wire  # noqa: E402  (the Python client, standard library only)

WORKLOADS = ("mix", "ec2018")
RESUME_BACK = 10  # a resume after a restart starts this many reports before the last one received
HARNESS_TIMEOUT = 30.0
START_TIMEOUT = 60.0


class CheckFailed(Exception):
    pass


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="the directory of the tandem and loadtest executables")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs (default 20)")
    parser.add_argument("--seed", type=int, help="the random seed (default: from the clock, printed)")
    parser.add_argument("--durability", choices=("sync", "async", "none"), default="sync")
    parser.add_argument("--connections", type=int, default=4, help="harness connections (default 4)")
    parser.add_argument("--rate", type=int, default=5000, help="harness requests per second (default 5000)")
    parser.add_argument(
        "--snapshot-interval", type=int, default=1000,
        help="the server's journal records between snapshots (default 1000: recovery from snapshots is tested)")
    parser.add_argument("--min-sleep", type=float, default=0.1, help="shortest run before the kill, seconds")
    parser.add_argument("--max-sleep", type=float, default=0.6, help="longest run before the kill, seconds")
    parser.add_argument(
        "--startup-kills", type=int, default=0,
        help="first, N SIGKILLs of a server starting on a new directory, each followed by a restart that must "
        "hold every opening deposit (default 0)")
    parser.add_argument(
        "--inject-loss", type=int, metavar="N",
        help="self-test: after the first kill, cut the journal's last N commands off; the test passes only if "
        "the check of the received reports finds the loss")
    parser.add_argument("--work", help="the work directory (default: a new one under the temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory after a passing run")
    arguments = parser.parse_args()
    if arguments.kills < 1 or arguments.connections < 2 or arguments.rate < 1 or arguments.startup_kills < 0:
        parser.error("--kills must be at least 1, --connections at least 2, --rate at least 1")
    if arguments.inject_loss is not None and arguments.inject_loss < 1:
        parser.error("--inject-loss must be at least 1")
    if not 0 < arguments.min_sleep <= arguments.max_sleep:
        parser.error("--min-sleep must be positive and at most --max-sleep")
    return arguments


def run_tool(arguments, what):
    """Runs a tandem tool; returns its standard output, or fails with its output."""
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0:
        raise CheckFailed(f"{what} failed (exit {result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result.stdout


def minor_units(text, decimals):
    """A decimal string of the configuration in minor units."""
    value = decimal.Decimal(text) * (decimal.Decimal(10) ** decimals)
    if value != value.to_integral_value():
        raise CheckFailed(f"{text} is not a whole number of minor units at {decimals} decimals")
    return int(value)


class Journal:
    """What the crash test has learned from the journal so far: totals, counters and the events per account."""

    def __init__(self):
        self.flows = None  # per asset: deposits - withdrawals (+ start-up pool liquidity)
        self.last_event_seq = 0
        self.last_trade_id = 0
        self.last_order_id = 0
        self.records = 0
        # Per account, the reports of its session stream so far, as received-log tuples.
        self.streams = {}

    def take_configuration(self, configuration):
        assets = configuration["assets"]
        index = {asset["symbol"]: number for number, asset in enumerate(assets)}
        self.flows = [0] * len(assets)
        for market in configuration["markets"]:
            pool = market.get("pool")
            if not pool:
                continue
            base, quote = index[market["base"]], index[market["quote"]]
            self.flows[base] += minor_units(pool.get("initial_base", "0"), assets[base]["decimals"])
            self.flows[quote] += minor_units(pool.get("initial_quote", "0"), assets[quote]["decimals"])

    def read(self, lines, first_record):
        """Takes the dump of the records from `first_record` on; returns each account's stream so far: its
        events in every command journaled with a request type (those the server reports), in order."""
        expected_record = first_record
        pending = None  # the last command record, until its events record comes
        for line in lines:
            record = json.loads(line)
            if record["seq"] != expected_record:
                raise CheckFailed(f"journal dump: record {record['seq']} where {expected_record} was due (a gap)")
            expected_record += 1
            kind = record["record"]
            if kind == "configuration":
                self.take_configuration(record["configuration"])
            elif kind == "command":
                if pending is not None:
                    raise CheckFailed(f"journal: command record {pending['seq']} has no events record")
                pending = record
            elif kind == "events":
                if pending is None or record.get("continued"):
                    raise CheckFailed(f"journal: events record {record['seq']} follows no command (or is split)")
                streamed = pending["request_type"] != 0
                self.take_events(pending["command"], record["events"], self.streams if streamed else {})
                pending = None
        # A command record without its events at the very end was never acknowledged: a restart cuts it off.
        self.records = expected_record - 1 - (1 if pending is not None else 0)
        return self.streams

    def take_events(self, command, events, by_account):
        rejected = False
        for event in events:
            if event["seq"] != self.last_event_seq + 1:
                raise CheckFailed(f"journal: event {event['seq']} follows event {self.last_event_seq} (a gap)")
            self.last_event_seq = event["seq"]
            kind = event["type"]
            if kind in ("fill", "pool_fill"):
                trade = event["trade_id"]
                if trade not in (self.last_trade_id, self.last_trade_id + 1):
                    raise CheckFailed(f"journal: trade id {trade} follows trade id {self.last_trade_id}")
                self.last_trade_id = trade
            elif kind == "accepted":
                if event["order_id"] <= self.last_order_id:
                    raise CheckFailed(f"journal: order id {event['order_id']} after {self.last_order_id}")
                self.last_order_id = event["order_id"]
            elif kind == "rejected":
                rejected = True
            by_account.setdefault(event["account"], []).append(report_of_event(event))
        if command["type"] in ("deposit", "withdraw") and not rejected:
            sign = 1 if command["type"] == "deposit" else -1
            self.flows[command["asset"]] += sign * command["amount"]


def report_of_event(event):
    """The received-log line an event becomes on its account's session, as a tuple (without account and seq)."""
    kind = event["type"]
    if kind == "accepted":
        return ("accepted", event["order_id"], event["client_order_id"])
    if kind == "fill":
        return ("fill", event["trade_id"], event["order_id"], event["quantity"], "book_" + event["liquidity"])
    if kind == "pool_fill":
        return ("fill", event["trade_id"], event["order_id"], event["quantity"], "pool")
    if kind == "canceled":
        return ("canceled", event["order_id"], event["canceled_quantity"])
    if kind == "replaced":
        return ("replaced", event["order_id"])
    if kind == "rejected":
        # The report names the refused request's client id; the event the order it referred to.
        return ("rejected",)
    other = {"balance": "balance_update", "mass_cancel_done": "mass_cancel_ack"}
    return ("other", other.get(kind, kind))


def report_of_message(message):
    """The received-log tuple of a report as the Python client decodes it (what `report_of_event` gives)."""
    if isinstance(message, tandem_wire.OrderAccepted):
        return ("accepted", message.order_id, message.client_order_id)
    if isinstance(message, tandem_wire.Fill):
        return ("fill", message.trade_id, message.order_id, message.quantity,
                tandem_wire.LiquiditySource(message.liquidity).name.lower())
    if isinstance(message, tandem_wire.OrderCanceled):
        return ("canceled", message.order_id, message.canceled_quantity)
    if isinstance(message, tandem_wire.OrderReplaced):
        return ("replaced", message.order_id)
    if isinstance(message, tandem_wire.OrderRejected):
        return ("rejected",)
    return ("other", message.TYPE.name.lower())


def read_received(path):
    """The received log: (account, seq, report tuple) per line."""
    received = []
    if not os.path.exists(path):
        return received
    with open(path) as file:
        for number, line in enumerate(file, 1):
            fields = line.split()
            if not line.endswith("\n") or len(fields) < 4:
                raise CheckFailed(f"{path} line {number}: malformed: {line!r}")
            kind, account, seq = fields[0], int(fields[1]), int(fields[2])
            values = [int(value) if value.isdigit() else value for value in fields[3:]]
            received.append((account, seq, tuple([kind] + (values if kind != "rejected" else []))))
    return received


def check_received(received, by_account, path):
    """Each report is the account's journaled event at its stream position; the positions have no gap."""
    last_seq = {}
    counts = {"accepted": 0, "fill": 0}
    for account, seq, report in received:
        if account in last_seq and seq != last_seq[account] + 1:
            raise CheckFailed(f"{path}: account {account} received report {seq} after {last_seq[account]} (a gap)")
        last_seq[account] = seq
        events = by_account.get(account, [])
        if seq > len(events):
            raise CheckFailed(
                f"{path}: account {account} received report {seq} {report}, but the journal holds only "
                f"{len(events)} events of the account: a report was released before it was durable")
        if events[seq - 1] != report:
            raise CheckFailed(
                f"{path}: account {account} report {seq} is {report}, the journal's event there is {events[seq - 1]}")
        if report[0] in counts:
            counts[report[0]] += 1
    return counts


def check_conservation(replay, flows):
    """Per asset, what the replayed state holds equals the deposits minus the withdrawals."""
    if len(replay["assets"]) != len(flows):
        raise CheckFailed(f"conservation: the replay lists {len(replay['assets'])} assets, the journal {len(flows)}")
    for entry in replay["assets"]:
        asset = entry["asset"]
        held = entry["available"] + entry["reserved"] + entry["pool_reserves"] + entry["pool_held_fees"]
        if held != flows[asset]:
            raise CheckFailed(
                f"conservation: asset {asset}: the state holds {held} (available {entry['available']}, reserved "
                f"{entry['reserved']}, pool {entry['pool_reserves']}, held fees {entry['pool_held_fees']}), but "
                f"deposits minus withdrawals are {flows[asset]}")


class CrashTest:
    def __init__(self, arguments):
        self.arguments = arguments
        self.tandem = os.path.join(arguments.bin, "tandem")
        self.loadtest = os.path.join(arguments.bin, "loadtest")
        for executable in (self.tandem, self.loadtest):
            if not os.access(executable, os.X_OK):
                raise CheckFailed(f"{executable} is not an executable")
        self.work = arguments.work or tempfile.mkdtemp(prefix="tandem-crash-")
        os.makedirs(self.work, exist_ok=True)
        self.data = os.path.join(self.work, "data")
        if os.path.exists(self.data):
            raise CheckFailed(f"{self.data} exists; give a new --work directory")
        self.config = os.path.join(self.work, "server.json")
        self.journal = Journal()
        self.received_logs = []
        self.server = None
        self.harness = None
        # What the next start must recover: the state hash and next record of the last replay.
        self.expected = None
        self.first_record = 1
        self.totals = {"accepted": 0, "fill": 0, "reports": 0, "torn": 0, "snapshot_starts": 0, "resumes": 0,
                       "resumed_reports": 0, "missed": 0}

    # MARK: Processes

    def start_server(self, cycle):
        log = os.path.join(self.work, f"server-{cycle}.log")
        command = [
            self.tandem, "serve", "--config", self.config, "--data", self.data,
            "--durability", self.arguments.durability, "--port", "0", "--market-data-port", "0",
            "--metrics-port", "0", "--rate-limit", "0", "--snapshot-interval", str(self.arguments.snapshot_interval),
        ]
        with open(log, "w") as error:
            self.server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=error, text=True)
        deadline = time.monotonic() + START_TIMEOUT
        line = ""
        while not line.endswith("\n"):
            remaining = deadline - time.monotonic()
            ready = select.select([self.server.stdout], [], [], remaining)[0] if remaining > 0 else []
            if not ready:
                raise CheckFailed(f"the server did not print its listening line in {START_TIMEOUT} s; see {log}")
            chunk = self.server.stdout.readline()
            if not chunk:
                self.server.wait()
                raise CheckFailed(f"the server exited ({self.server.returncode}) at start-up:\n{read_text(log)}")
            line += chunk
        fields = dict(field.split("=", 1) for field in line.split()[1:])
        port = int(fields["order_entry"].rsplit(":", 1)[1])
        report = [text for text in read_text(log).splitlines() if text.startswith("data directory")]
        if len(report) != 1:
            raise CheckFailed(f"the server printed no data directory line before listening; see {log}")
        return port, report[0]

    def kill_server(self):
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGKILL)
        if self.server is not None:
            self.server.wait()
            self.server.stdout.close()
        self.server = None

    def start_harness(self, cycle, port):
        workload = WORKLOADS[(cycle - 1) % len(WORKLOADS)]
        log = os.path.join(self.work, f"received-{cycle}.log")
        command = [
            self.loadtest, "tcp", "--port", str(port), "--connections", str(self.arguments.connections),
            "--workload", workload, "--rate", str(self.arguments.rate), "--duration", "60", "--warmup", "0",
            "--seed", str(cycle), "--received-log", log, "--output", os.path.join(self.work, "harness"), "--quiet",
        ]
        if workload == "ec2018":
            command += ["--pool", "--commands", str(self.arguments.rate * 5)]
        with open(os.path.join(self.work, "harness.log"), "w") as error:
            self.harness = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=error)
        self.received_logs.append(log)
        return workload, log

    def wait_harness(self):
        try:
            status = self.harness.wait(timeout=HARNESS_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise CheckFailed(f"the harness did not end within {HARNESS_TIMEOUT} s of the server's SIGKILL")
        self.harness = None
        return status

    def stop_everything(self):
        if self.harness is not None and self.harness.poll() is None:
            self.harness.kill()
            self.harness.wait()
        self.kill_server()

    # MARK: Checks

    def check_start(self, report):
        if self.expected is None:
            if not report.endswith(": new journal"):
                raise CheckFailed(f"the first start found an existing journal: {report}")
            return "new journal"
        if "recovered from" not in report:
            raise CheckFailed(f"the restart did not recover: {report}")
        hash_text = report.split("state hash ", 1)[1].split(";")[0].split()[0]
        next_record = int(report.split("next record ", 1)[1].split(",")[0])
        state_hash, expected_next = self.expected
        if hash_text != state_hash:
            raise CheckFailed(f"recovered state hash {hash_text}, the replay's is {state_hash}: {report}")
        if next_record != expected_next:
            raise CheckFailed(f"recovery goes on at record {next_record}, the replay ended before {expected_next}")
        if "no snapshot" not in report:
            self.totals["snapshot_starts"] += 1
        return f"recovered {hash_text}" + (" (torn tail cut)" if ";" in report else "")

    def check_directory(self, received_log):
        """verify, replay, dump and the checks on them; returns the replay's summary."""
        verify = run_tool([self.tandem, "journal", "verify", "--data", self.data], "tandem journal verify")
        if "torn tail" in verify:
            self.totals["torn"] += 1
        replay = json.loads(run_tool([self.tandem, "replay", "--data", self.data, "--json"], "tandem replay"))
        if replay["end"] not in ("clean", "torn_tail"):
            raise CheckFailed(f"tandem replay ended with {replay['end']}")
        dump = run_tool(
            [self.tandem, "journal", "dump", "--data", self.data, "--from", str(self.first_record)],
            "tandem journal dump")
        by_account = self.journal.read(dump.splitlines(), self.first_record)
        if self.journal.records != replay["last_sequence"]:
            raise CheckFailed(
                f"the dump's complete commands end at record {self.journal.records}, the replay's at "
                f"{replay['last_sequence']}")
        received = read_received(received_log)
        counts = check_received(received, by_account, received_log)
        check_conservation(replay, self.journal.flows)
        self.totals["accepted"] += counts["accepted"]
        self.totals["fill"] += counts["fill"]
        self.totals["reports"] += len(received)
        self.expected = (replay["state_hash"], replay["last_sequence"] + 1)
        self.first_record = replay["last_sequence"] + 1
        return replay, counts, len(received)

    def session_id(self):
        """The journal's session id: the salt of its first segment (bytes 16..24 of the header), 0 taken as 1."""
        with open(os.path.join(self.data, "journal-" + "1".zfill(20) + ".seg"), "rb") as file:
            salt = int.from_bytes(file.read(24)[16:24], "little")
        return max(salt, 1)

    def check_resumes(self, port):
        """After a restart: each account of the last received log resumes its session from a little before its
        last received report and must get every report of its stream from there, the missed ones included,
        each the journaled event in its place; adds to the totals."""
        last_seen = {}
        for account, seq, _ in read_received(self.received_logs[-1]):
            last_seen[account] = seq
        with open(self.config) as file:
            keys = {entry["id"]: entry["api_key"] for entry in json.load(file)["accounts"] if "api_key" in entry}
        session_id = self.session_id()
        for account in sorted(last_seen):
            stream = self.journal.streams.get(account, [])
            start = max(1, last_seen[account] - RESUME_BACK)
            received = asyncio.run(self.resume(port, account, keys[account], session_id, start, len(stream)))
            for offset, report in enumerate(received):
                if report != stream[start - 1 + offset]:
                    raise CheckFailed(
                        f"account {account} resumed from {start} after the restart: report {start + offset} is "
                        f"{report}, the journal's event there is {stream[start - 1 + offset]}")
            self.totals["resumed_reports"] += len(received)
            self.totals["missed"] += len(stream) - last_seen[account]
        self.totals["resumes"] += len(last_seen)

    @staticmethod
    async def resume(port, account, api_key, session_id, start, last):
        """Logs in to `account`'s session `session_id` from `start`; returns reports `start`..`last` as tuples,
        then logs out cleanly (the orders stay)."""
        try:
            session = await tandem_wire.Session.connect(
                "127.0.0.1", port, account=account, api_key=api_key, session=session_id, next_sequence=start,
                cancel_on_disconnect=False)
        except tandem_wire.LoginRejectedError as refused:
            raise CheckFailed(f"account {account}: the resume from {start} after the restart was refused: "
                              f"{refused.reason!r}")
        received = []
        try:
            while start + len(received) <= last:
                message = await asyncio.wait_for(session.receive(), HARNESS_TIMEOUT)
                if message.SEQUENCED:
                    received.append(report_of_message(message))
        except (asyncio.TimeoutError, tandem_wire.SessionError) as failure:
            raise CheckFailed(
                f"account {account}: the resume from {start} after the restart got {len(received)} of "
                f"{last - start + 1} reports: {failure!r}")
        extra = [message for message in await session.logout() if message.SEQUENCED]
        if extra:
            raise CheckFailed(f"account {account}: the resume got reports past its stream's end: {extra[:3]}")
        return received

    def check_injected_loss(self, received_log):
        """Self-test: the journal's last commands are cut off; the received reports must show the loss."""
        cut = self.cut_journal(self.arguments.inject_loss)
        try:
            self.check_directory(received_log)
        except CheckFailed as failure:
            if "released before it was durable" not in str(failure):
                raise
            print(f"self-test passed: {cut} commands cut off the journal, and the check found it: {failure}")
            return
        raise CheckFailed(f"self-test: {cut} commands were cut off the journal, and no check noticed")

    def final_check(self):
        """Every acknowledgement and fill received in the whole run is in the full journal."""
        dump = run_tool([self.tandem, "journal", "dump", "--data", self.data], "tandem journal dump")
        accepted, fills = set(), set()
        for line in dump.splitlines():
            record = json.loads(line)
            for event in record.get("events", []):
                if event["type"] == "accepted":
                    accepted.add((event["account"], event["order_id"], event["client_order_id"]))
                elif event["type"] in ("fill", "pool_fill"):
                    fills.add((event["account"], event["trade_id"], event["order_id"], event["quantity"]))
        checked = 0
        for path in self.received_logs:
            for account, _, report in read_received(path):
                if report[0] == "accepted" and (account, report[1], report[2]) not in accepted:
                    raise CheckFailed(f"{path}: acknowledgement {report} of account {account} is not in the journal")
                if report[0] == "fill" and (account,) + report[1:4] not in fills:
                    raise CheckFailed(f"{path}: fill {report} of account {account} is not in the journal")
                checked += report[0] in ("accepted", "fill")
        return checked

    def configured_flows(self):
        """Per asset, the configuration's opening deposits plus its pools' start-up liquidity, in minor units."""
        with open(self.config) as file:
            configuration = json.load(file)
        journal = Journal()
        journal.take_configuration(configuration)
        index = {asset["symbol"]: number for number, asset in enumerate(configuration["assets"])}
        for account in configuration["accounts"]:
            for symbol, amount in account.get("deposits", {}).items():
                journal.flows[index[symbol]] += minor_units(amount, configuration["assets"][index[symbol]]["decimals"])
        return journal.flows

    def startup_kills(self, rng):
        """SIGKILLs during start-up on a new directory; the restart must hold every opening deposit."""
        expected = self.configured_flows()
        data = self.data
        for attempt in range(1, self.arguments.startup_kills + 1):
            self.data = os.path.join(self.work, "startup")
            shutil.rmtree(self.data, ignore_errors=True)
            delay = rng.uniform(0, 0.3)
            self.server = subprocess.Popen(
                [self.tandem, "serve", "--config", self.config, "--data", self.data, "--port", "0",
                 "--market-data-port", "0", "--metrics-port", "0", "--durability", self.arguments.durability],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            time.sleep(delay)
            self.kill_server()
            _, report = self.start_server(f"startup-{attempt}")
            self.server.send_signal(signal.SIGTERM)
            self.server.wait(timeout=30)
            self.server.stdout.close()
            self.server = None
            replay = json.loads(run_tool([self.tandem, "replay", "--data", self.data, "--json"], "tandem replay"))
            try:
                check_conservation(replay, expected)
            except CheckFailed as failure:
                raise CheckFailed(
                    f"start-up kill {attempt} (after {delay:.3f} s), then a restart ({report}): the opening "
                    f"deposits are not all there: {failure}")
            print(f"start-up kill {attempt}/{self.arguments.startup_kills} after {delay:.3f} s: restart "
                  f"{report.split(': ', 1)[1].split(',')[0]}; opening deposits all there", flush=True)
        shutil.rmtree(self.data, ignore_errors=True)
        self.data = data

    def cut_journal(self, commands):
        """Zeroes the last `commands` commands of the newest segment, as if their records never reached it."""
        segments = sorted(name for name in os.listdir(self.data) if name.startswith("journal-")
                          and name.endswith(".seg"))
        path = os.path.join(self.data, segments[-1])
        with open(path, "r+b") as file:
            data = file.read()
            offset, command_offsets = 64, []
            while offset + 32 <= len(data):
                length = int.from_bytes(data[offset:offset + 4], "little")
                if length == 0:
                    break
                if data[offset + 24] == 2:
                    command_offsets.append(offset)
                offset += 32 + (length + 7) // 8 * 8
            cut = command_offsets[-min(commands, len(command_offsets))]
            file.seek(cut)
            file.write(bytes(offset - cut))
        return len(command_offsets[-commands:])

    # MARK: The run

    def run(self, rng):
        arguments = self.arguments
        subprocess.run(
            [self.loadtest, "tcp", "--write-config", self.config, "--connections", str(arguments.connections),
             "--quiet"], check=True, capture_output=True)
        started = time.monotonic()
        self.startup_kills(rng)
        for cycle in range(1, arguments.kills + 1):
            cycle_start = time.monotonic()
            port, report = self.start_server(cycle)
            recovered = self.check_start(report)
            if self.received_logs:
                self.check_resumes(port)
            workload, received_log = self.start_harness(cycle, port)
            delay = rng.uniform(arguments.min_sleep, arguments.max_sleep)
            time.sleep(delay)
            self.kill_server()
            killed = time.monotonic()
            harness_status = self.wait_harness()
            harness_end = time.monotonic() - killed
            if arguments.inject_loss is not None:
                return self.check_injected_loss(received_log)
            replay, counts, reports = self.check_directory(received_log)
            print(
                f"cycle {cycle}/{arguments.kills}: {recovered}; {workload} killed after {delay:.3f} s; harness "
                f"exit {harness_status} {harness_end * 1000:.0f} ms after; {reports} reports "
                f"({counts['accepted']} acks, {counts['fill']} fills) "
                f"all journaled; journal {replay['last_sequence']} records, {replay['end']}; state "
                f"{replay['state_hash']}; {time.monotonic() - cycle_start:.2f} s", flush=True)
        port, report = self.start_server(arguments.kills + 1)
        recovered = self.check_start(report)
        self.check_resumes(port)
        self.server.send_signal(signal.SIGTERM)
        status = self.server.wait(timeout=30)
        self.server.stdout.close()
        self.server = None
        if status != 0:
            raise CheckFailed(f"the last server exited {status} after SIGTERM")
        run_tool([self.tandem, "journal", "verify", "--data", self.data], "tandem journal verify")
        checked = self.final_check()
        totals = self.totals
        print(
            f"crash test passed: {arguments.kills} SIGKILLs ({arguments.durability} durability), last restart "
            f"{recovered}; {totals['reports']} reports checked in place ({totals['accepted']} acks, "
            f"{totals['fill']} fills), {checked} acks and fills found again in the full journal; "
            f"{totals['snapshot_starts']} starts from a snapshot, {totals['torn']} torn tails; {totals['resumes']} "
            f"session resumes after a restart got {totals['resumed_reports']} reports from the journal, "
            f"{totals['missed']} of them missed before the kill; "
            f"{time.monotonic() - started:.1f} s")


def read_text(path):
    with open(path, errors="replace") as file:
        return file.read()


def main():
    arguments = parse_arguments()
    seed = arguments.seed if arguments.seed is not None else int(time.time() * 1000) % (1 << 32)
    print(f"crash test: seed {seed} (rerun with --seed {seed}), {arguments.kills} kills", flush=True)
    test = None
    try:
        test = CrashTest(arguments)
        print(f"work directory {test.work} (removed after a passing run unless --keep)", flush=True)
        test.run(random.Random(seed))
    except CheckFailed as failure:
        if test is not None:
            test.stop_everything()
        print(f"crash test FAILED (seed {seed}): {failure}", file=sys.stderr)
        if test is not None:
            print(f"the work directory is kept: {test.work}", file=sys.stderr)
        return 1
    except BaseException:
        if test is not None:
            test.stop_everything()
            print(f"the work directory is kept: {test.work}", file=sys.stderr)
        raise
    if not arguments.keep:
        shutil.rmtree(test.work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
