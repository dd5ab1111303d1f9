#!/usr/bin/env python3
"""The kill -9 campaign (run by hand; results go in docs/reliability.md).

One hssd on loopback with its store in a temporary directory, SIGKILLed ROUNDS times at a
random moment under mixed load, and started again each time:

  Diameter  an MME sending AIRs (3 vectors) and ULRs over a spread of subscribers, a second
            MME sending AIRs for 32 vectors to a few hot subscribers (so their SQN blocks and
            boot windows run out and are refilled while the kill can land), and a 3GPP AAA
            server sending SWx MARs (EAP-AKA', 2 items); each keeps 16 requests in flight.
  REST      subscribers created one by one, and imports of 5 at a time, concurrently.

After each restart: the store opened (hssd listens again), and every REST write acknowledged
so far (a 201, or an import line counted as imported) reads back. At the end: no SQN was ever
handed out twice for any subscriber, checked from every vector received, across all boots
(each SQN recovered from its AUTN with the subscriber's K/OPc: SQN = (SQN xor AK) xor f5(RAND)).

Usage: kill9_campaign.py [--hssd PATH] [--rounds 100] [--imsis 60] [--hot 3] [--seed N]
                         [--min-secs 0.3] [--max-secs 3] [--out DIR]
Needs the `cryptography` package (AES for f5). Loopback addresses only. Prints a JSON summary
on stdout and writes it, with every round's line and hssd's logs, to --out.
"""

import argparse
import collections
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

try:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
except ImportError:
    sys.exit("kill9_campaign.py needs the 'cryptography' package: pip install cryptography")

DIAMETER = ("127.0.0.1", 13868)
REST = "http://127.0.0.1:18080"
HSS_REALM = "epc.mnc001.mcc001.3gppnetwork.org"
REALM = "campaign.example"
TGPP = 10415
S6A, SWX = 16777251, 16777265
CER, ULR, AIR, MAR = 257, 316, 318, 303
KI = bytes.fromhex("465b5ce8b199b49faa5f0a2ee238a6bc")
OPC = bytes.fromhex("cd63cb71954a9f4e48a5994e37a02baf")
IMSI_BASE = 1010000000000  # MCC 001, MNC 01: 001010000000000 + n
CREATED_BASE = 1019000000000  # REST-created subscribers
APN_PROFILE = 1
IN_FLIGHT = 16


# --- Milenage f5 (TS 35.206): AK = (E_K(rot(E_K(RAND xor OPc) xor OPc, 0) xor c2) xor OPc)[0..6]

class F5:
    def __init__(self, k, opc):
        self.enc = Cipher(algorithms.AES(k), modes.ECB()).encryptor()
        self.opc = opc

    def ak(self, rand):
        xor = lambda a, b: bytes(x ^ y for x, y in zip(a, b))
        temp = self.enc.update(xor(rand, self.opc))
        c2 = bytes(15) + b"\x01"
        out2 = xor(self.enc.update(xor(xor(temp, self.opc), c2)), self.opc)
        return out2[:6]

    def sqn(self, rand, autn):
        return int.from_bytes(bytes(x ^ y for x, y in zip(autn[:6], self.ak(rand))), "big")


def self_check():
    # TS 35.207 test set 1: RAND 23553cbe..., AK aa689c648370.
    ak = F5(KI, OPC).ak(bytes.fromhex("23553cbe9637a89d218ae64dae47bf35"))
    assert ak.hex() == "aa689c648370", ak.hex()


# --- Diameter encoding

def avp(code, data, vendor=None):
    flags = (0x80 if vendor else 0) | 0x40
    head = 12 if vendor else 8
    out = struct.pack("!I", code) + bytes([flags]) + (head + len(data)).to_bytes(3, "big")
    if vendor:
        out += struct.pack("!I", vendor)
    out += data
    return out + b"\0" * (-len(out) % 4)


def u32(code, value, vendor=None):
    return avp(code, struct.pack("!I", value), vendor)


def utf8(code, text, vendor=None):
    return avp(code, text.encode(), vendor)


def message(code, app, avps, hbh):
    body = b"".join(avps)
    return (bytes([1]) + (20 + len(body)).to_bytes(3, "big") + bytes([0xC0])
            + code.to_bytes(3, "big") + struct.pack("!III", app, hbh, hbh) + body)


def vsai(app):
    return avp(260, u32(266, TGPP) + u32(258, app))


def cer(host):
    return message(CER, 0, [
        utf8(264, host), utf8(296, REALM),
        avp(257, struct.pack("!H", 1) + socket.inet_aton("127.0.0.1")),
        u32(266, 0), utf8(269, "kill9-campaign"), vsai(S6A), vsai(SWX),
    ], 1)


HOME_PLMN = bytes([0x00, 0xF1, 0x10])


def base(host, hbh, app, name):
    return [utf8(263, f"{host};{hbh};{name}"), vsai(app), u32(277, 1), utf8(264, host),
            utf8(296, REALM), utf8(283, HSS_REALM)]


def air(host, imsi, n, hbh):
    requested = u32(1410, n, TGPP) + u32(1412, 0, TGPP)
    return message(AIR, S6A, base(host, hbh, S6A, "air") + [
        utf8(1, imsi), avp(1407, HOME_PLMN, TGPP), avp(1408, requested, TGPP)], hbh)


def ulr(host, imsi, hbh):
    return message(ULR, S6A, base(host, hbh, S6A, "ulr") + [
        utf8(1, imsi), u32(1032, 1004, TGPP), u32(1405, 2, TGPP),
        avp(1407, HOME_PLMN, TGPP)], hbh)


def mar(host, imsi, n, hbh):
    item = utf8(608, "EAP-AKA'", TGPP)
    return message(MAR, SWX, base(host, hbh, SWX, "mar") + [
        utf8(1, f"0{imsi}@nai.epc.mnc001.mcc001.3gppnetwork.org"), u32(607, n, TGPP),
        avp(612, item, TGPP), u32(1032, 0, TGPP), utf8(1504, "WLAN", TGPP)], hbh)


# --- Diameter decoding

def avps(data):
    i = 0
    while i + 8 <= len(data):
        code, flags = struct.unpack("!IB", data[i:i + 5])
        length = int.from_bytes(data[i + 5:i + 8], "big")
        head = 12 if flags & 0x80 else 8
        if length < head or i + length > len(data):
            return
        yield code, data[i + head:i + length]
        i += length + (-length % 4)


def find(data, code):
    return [v for c, v in avps(data) if c == code]


def result_code(body):
    for c, v in avps(body):
        if c == 268:
            return struct.unpack("!I", v[:4])[0]
        if c == 297:
            for cc, vv in avps(v):
                if cc == 298:
                    return struct.unpack("!I", vv[:4])[0]
    return None


def vectors(kind, body):
    """(RAND, AUTN) of every vector in an AIA or MAA."""
    out = []
    if kind == "air":
        for info in find(body, 1413):
            for vec in find(info, 1414):
                rand, autn = find(vec, 1447), find(vec, 1449)
                if rand and autn:
                    out.append((rand[0], autn[0]))
    elif kind == "mar":
        for item in find(body, 612):
            for auth in find(item, 609):
                if len(auth) >= 32:
                    out.append((auth[:16], auth[16:32]))
    return out


def read_message(sock):
    head = b""
    while len(head) < 20:
        chunk = sock.recv(20 - len(head))
        if not chunk:
            return None
        head += chunk
    length = int.from_bytes(head[1:4], "big")
    body = b""
    while 20 + len(body) < length:
        chunk = sock.recv(length - 20 - len(body))
        if not chunk:
            return None
        body += chunk
    return head, body


# --- what the campaign records

class Record:
    def __init__(self):
        self.lock = threading.Lock()
        self.sqns = collections.defaultdict(list)  # imsi -> [(sqn, round)]
        self.answers = collections.Counter()  # (kind, result) -> count
        self.acked = []  # IMSIs whose creation REST acknowledged
        self.rest_errors = collections.Counter()

    def vectors(self, imsi, sqns, rnd):
        with self.lock:
            self.sqns[imsi].extend((s, rnd) for s in sqns)

    def answer(self, kind, result):
        with self.lock:
            self.answers[(kind, result)] += 1


def imsi_of(n):
    return f"{IMSI_BASE + n:015d}"


def peer(name, record, rnd, stop, plan):
    """One Diameter peer: CER, then requests from `plan(i)` -> (kind, imsi, bytes-maker), 16
    in flight, until the connection breaks (the kill) or `stop` is set."""
    f5 = F5(KI, OPC)
    try:
        sock = socket.create_connection(DIAMETER, timeout=10)
    except OSError:
        return
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    host = f"{name}.{REALM}"
    try:
        sock.sendall(cer(host))
        cea = read_message(sock)
        if cea is None or result_code(cea[1]) != 2001:
            record.answer("cer", None if cea is None else result_code(cea[1]))
            return
        pending = {}
        slots = threading.Semaphore(IN_FLIGHT)
        lock = threading.Lock()

        def reader():
            while True:
                try:
                    got = read_message(sock)
                except OSError:
                    got = None
                if got is None:
                    return
                head, body = got
                hbh = struct.unpack("!I", head[12:16])[0]
                with lock:
                    kind, imsi = pending.pop(hbh, (None, None))
                slots.release()
                if kind is None:
                    continue
                code = result_code(body)
                record.answer(kind, code)
                if code == 2001:
                    sqns = [f5.sqn(r, a) for r, a in vectors(kind, body)]
                    if sqns:
                        record.vectors(imsi, sqns, rnd)

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        hbh = 100
        i = 0
        while not stop.is_set() and t.is_alive():
            if not slots.acquire(timeout=0.5):
                continue
            hbh += 1
            kind, imsi, make = plan(i)
            i += 1
            with lock:
                pending[hbh] = (kind, imsi)
            try:
                sock.sendall(make(host, hbh))
            except OSError:
                break
        t.join(timeout=5)
    except OSError:
        pass
    finally:
        sock.close()


def rest(method, path, body=None, ctype="application/json"):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(REST + path, data=data, method=method,
                                 headers={"Content-Type": ctype} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def subscriber_json(imsi):
    return {"imsi": imsi, "ue_ambr": {"uplink": 100_000_000, "downlink": 200_000_000},
            "apns": [{"profile": APN_PROFILE}]}


def rest_writer(record, stop, counter):
    """Creates subscribers one by one and by imports of 5, recording what was acknowledged."""
    while not stop.is_set():
        with record.lock:
            start = counter[0]
            counter[0] += 6
        one = f"{CREATED_BASE + start:015d}"
        try:
            status, _ = rest("POST", "/subscribers", subscriber_json(one))
            if status == 201:
                with record.lock:
                    record.acked.append(one)
            else:
                record.rest_errors[status] += 1
            lines = [f"{CREATED_BASE + start + k:015d}" for k in range(1, 6)]
            body = "".join(json.dumps(dict(subscriber_json(i), auth={"ki": KI.hex(), "opc": OPC.hex()})) + "\n"
                           for i in lines).encode()
            status, text = rest("POST", "/subscribers/import", body, "application/x-ndjson")
            if status == 200:
                outcome = json.loads(text)
                failed = {e.get("line") for e in outcome.get("errors", [])}
                with record.lock:
                    # Lines are numbered from 1 in the outcome's errors.
                    record.acked.extend(i for n, i in enumerate(lines, 1) if n not in failed)
            else:
                record.rest_errors[status] += 1
        except (OSError, ValueError):
            return  # the kill


def plans_for(args, rng):
    """What each peer sends as its i-th request: (kind, IMSI, make(host, hop-by-hop))."""
    def spread():
        return imsi_of(1 + args.hot + rng.randrange(args.imsis - args.hot))

    def mme_a(i):
        imsi = spread()
        if i % 4:
            return "air", imsi, lambda h, b: air(h, imsi, 3, b)
        return "ulr", imsi, lambda h, b: ulr(h, imsi, b)

    def mme_b(i):
        imsi = imsi_of(1 + i % args.hot)
        return "air", imsi, lambda h, b: air(h, imsi, 32, b)

    def aaa(i):
        imsi = imsi_of(1 + rng.randrange(args.imsis))
        return "mar", imsi, lambda h, b: mar(h, imsi, 2, b)

    return {"mme-a": mme_a, "mme-b": mme_b, "aaa": aaa}


class Hssd:
    def __init__(self, binary, store, logdir):
        self.binary, self.store, self.logdir = binary, store, logdir
        self.proc = None
        self.starts = 0

    def start(self, timeout=60):
        self.starts += 1
        log = open(os.path.join(self.logdir, f"hssd-{self.starts:03}.log"), "wb")
        self.proc = subprocess.Popen(
            [self.binary, "--listen", "%s:%d" % DIAMETER, "--rest", REST.split("//")[1],
             "--store-path", self.store, "--allow-any-peer", "--shards", "2"],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                if rest("GET", "/ready")[0] == 200:
                    with socket.create_connection(DIAMETER, timeout=1):
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def main():
    ap = argparse.ArgumentParser()
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    ap.add_argument("--hssd", default=os.path.join(target, "debug", "hssd"))
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--imsis", type=int, default=60)
    ap.add_argument("--hot", type=int, default=3)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--min-secs", type=float, default=0.3)
    ap.add_argument("--max-secs", type=float, default=3.0)
    ap.add_argument("--out", default=os.path.join(target, "kill9"))
    args = ap.parse_args()
    self_check()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    record = Record()
    problems = []
    with tempfile.TemporaryDirectory() as data:
        hssd = Hssd(args.hssd, os.path.join(data, "store"), args.out)
        if not hssd.start():
            sys.exit(f"hssd did not start; see {args.out}")
        rest("POST", "/apn-profiles", {
            "id": APN_PROFILE, "apn": "internet", "qci": 9,
            "arp": {"priority_level": 8, "pre_emption_capability": False,
                    "pre_emption_vulnerability": True},
            "ambr": {"uplink": 50_000_000, "downlink": 100_000_000}, "pdn_type": "ipv4v6"})
        for n in range(1, args.imsis + 1):
            imsi = imsi_of(n)
            assert rest("POST", "/subscribers", subscriber_json(imsi))[0] in (201, 409)
            assert rest("POST", "/auth-data", {"imsi": imsi, "ki": KI.hex(), "opc": OPC.hex()})[0] in (201, 409)
        counter = [0]
        rounds = []
        for rnd in range(1, args.rounds + 1):
            stop = threading.Event()
            plans = plans_for(args, rng)
            threads = [threading.Thread(target=peer, args=(name, record, rnd, stop, plan), daemon=True)
                       for name, plan in plans.items()]
            threads.append(threading.Thread(target=rest_writer, args=(record, stop, counter), daemon=True))
            for t in threads:
                t.start()
            delay = rng.uniform(args.min_secs, args.max_secs)
            time.sleep(delay)
            hssd.kill()
            stop.set()
            for t in threads:
                t.join(timeout=15)
            opened = hssd.start()
            missing = []
            if opened:
                with record.lock:
                    acked = list(record.acked)
                # Everything acknowledged in this round (the last 60), and a sample of the rest.
                check = acked[-60:] + rng.sample(acked[:-60], min(20, max(0, len(acked) - 60)))
                missing = [i for i in check if rest("GET", f"/subscribers/{i}")[0] != 200]
            line = {"round": rnd, "killed_after_s": round(delay, 2), "store_opened": opened,
                    "acked_writes": len(record.acked), "acked_missing": missing,
                    "vectors": sum(len(v) for v in record.sqns.values())}
            rounds.append(line)
            print(json.dumps(line), file=sys.stderr)
            if not opened:
                problems.append(f"round {rnd}: the store did not open")
                break
            if missing:
                problems.append(f"round {rnd}: acknowledged writes missing: {missing[:5]}")
        # Every acknowledged write, at the end.
        with record.lock:
            acked = list(record.acked)
        missing_end = [i for i in acked if rest("GET", f"/subscribers/{i}")[0] != 200]
        hssd.proc.send_signal(signal.SIGTERM)
        hssd.proc.wait()
    twice = {}
    for imsi, sqns in record.sqns.items():
        seen = collections.Counter(s for s, _ in sqns)
        dup = [s for s, c in seen.items() if c > 1]
        if dup:
            twice[imsi] = [hex(s) for s in dup[:5]]
    vectors_total = sum(len(v) for v in record.sqns.values())
    summary = {
        "seed": args.seed,
        "rounds": len(rounds),
        "sigkills": len(rounds),
        "hssd_starts": hssd.starts,
        "vectors": vectors_total,
        "subscribers_with_vectors": len(record.sqns),
        "max_vectors_one_subscriber": max((len(v) for v in record.sqns.values()), default=0),
        "sqns_issued_twice": sum(len(v) for v in twice.values()),
        "subscribers_with_an_sqn_twice": twice,
        "answers": {f"{k}:{r}": n for (k, r), n in sorted(record.answers.items(), key=str)},
        "acked_rest_writes": len(acked),
        "acked_rest_writes_missing_at_end": len(missing_end),
        "rest_errors": dict(record.rest_errors),
        "problems": problems + ([f"{len(missing_end)} acknowledged writes missing"] if missing_end else []),
    }
    summary["passed"] = (not summary["problems"] and not twice and vectors_total > 0)
    json.dump({"summary": summary, "rounds": rounds}, open(os.path.join(args.out, "kill9.json"), "w"), indent=1)
    print(json.dumps(summary, indent=1))
    sys.exit(0 if summary["passed"] else 1)


if __name__ == "__main__":
    main()
