#!/usr/bin/env python3
"""Hostile Diameter peers against a running hssd, on loopback only, for a bounded time.

Each attack runs in its own thread, from its own loopback source address (127.0.0.2 and up,
when the target is 127.x), for DURATION seconds (or until its bounded count is done)
and records what the server answered; the summary (JSON on stdout) says, per attack, what was
sent, what came back and whether that is what hssd must do:

  connect_flood   connections opened and dropped in a loop, 100 held open at a time, no CER
  slowloris       20 connections sending a CER one byte a second (closed by the CER timer)
  one_byte        a peer writing its CER and AIRs one byte per write (every AIR answered)
  never_read      a peer sending AIRs and never reading (closed, memory bounded)
  oversized       a header announcing a message of almost 16 MiB (closed)
  malformed       AIRs with broken AVP lengths (5014 / 5004 / 5005 answers, connection kept)
  spoofed_origin  a peer's AIR carrying another peer's Origin-Host (3010)
  forged_ulr      a ULR in another MME's name (3010)
  election        a second CER naming a connected host (4003, or 3010 in a peer table)
  replayed_auts   one (RAND, AUTS) pair replayed on AIRs (vectors, SQN never moved down)

Usage: [ATTACKS=name,...] hostile_peers.py HOST:PORT DURATION_SECS IMSI VICTIM_HOST
VICTIM_HOST is the Origin-Host of a legitimate connected peer (e.g. loadtest-0.loadtest.example).
The script refuses any address that is not loopback.
"""

import ipaddress
import json
import os
import socket
import struct
import sys
import threading
import time

HSS_REALM = "epc.mnc001.mcc001.3gppnetwork.org"
REALM = "hostile.example"
TGPP = 10415
S6A = 16777251

CER, DWR, ULR, AIR = 257, 280, 316, 318


def avp(code, data, vendor=None, mandatory=True):
    flags = (0x80 if vendor else 0) | (0x40 if mandatory else 0)
    head = 12 if vendor else 8
    length = head + len(data)
    out = struct.pack("!I", code) + bytes([flags]) + length.to_bytes(3, "big")
    if vendor:
        out += struct.pack("!I", vendor)
    out += data
    return out + b"\0" * (-len(out) % 4)


def u32(code, value, vendor=None):
    return avp(code, struct.pack("!I", value), vendor)


def utf8(code, text, vendor=None):
    return avp(code, text.encode(), vendor)


def message(code, app, avps, hbh, request=True):
    body = b"".join(avps)
    flags = 0x80 | 0x40 if request else 0x40
    length = 20 + len(body)
    return (bytes([1]) + length.to_bytes(3, "big") + bytes([flags]) + code.to_bytes(3, "big")
            + struct.pack("!III", app, hbh, hbh) + body)


def cer(host, hbh=1):
    return message(CER, 0, [
        utf8(264, host), utf8(296, REALM),
        avp(257, struct.pack("!H", 1) + socket.inet_aton("127.0.0.1")),
        u32(266, 0), utf8(269, "hostile"),
        avp(260, u32(266, TGPP) + u32(258, S6A)),
    ], hbh)


def plmn_home():
    # MCC 001, MNC 01: TS 24.008 BCD with filler F.
    return bytes([0x00, 0xF1, 0x10])


def air(host, imsi, hbh, resync=None):
    requested = u32(1410, 1, TGPP) + u32(1412, 0, TGPP)
    if resync:
        requested += avp(1411, resync, TGPP)
    return message(AIR, S6A, [
        utf8(263, f"{host};{hbh};air"), u32(277, 1), utf8(264, host), utf8(296, REALM),
        utf8(283, HSS_REALM), utf8(1, imsi), avp(1407, plmn_home(), TGPP),
        avp(1408, requested, TGPP),
    ], hbh)


def ulr(host, imsi, hbh):
    return message(ULR, S6A, [
        utf8(263, f"{host};{hbh};ulr"), u32(277, 1), utf8(264, host), utf8(296, REALM),
        utf8(283, HSS_REALM), utf8(1, imsi), u32(1032, 1004, TGPP), u32(1405, 2, TGPP),
        avp(1407, plmn_home(), TGPP),
    ], hbh)


def read_message(sock):
    head = b""
    while len(head) < 20:
        chunk = sock.recv(20 - len(head))
        if not chunk:
            return None
        head += chunk
    length = int.from_bytes(head[1:4], "big")
    body = b""
    while len(head) + len(body) < length:
        chunk = sock.recv(length - 20 - len(body))
        if not chunk:
            return None
        body += chunk
    return head + body


def result_code(msg):
    """Result-Code, or Experimental-Result-Code, of an answer."""
    i = 20
    while i + 8 <= len(msg):
        code, flags, length = struct.unpack("!IB", msg[i:i + 5]) + (int.from_bytes(msg[i + 5:i + 8], "big"),)
        head = 12 if flags & 0x80 else 8
        if length < head:
            return None
        if code == 268:
            return struct.unpack("!I", msg[i + head:i + head + 4])[0]
        if code == 297:
            inner = msg[i + head:i + length]
            j = 0
            while j + 8 <= len(inner):
                c, f = struct.unpack("!IB", inner[j:j + 5])
                ln = int.from_bytes(inner[j + 5:j + 8], "big")
                h = 12 if f & 0x80 else 8
                if c == 298:
                    return struct.unpack("!I", inner[j + h:j + h + 4])[0]
                j += ln + (-ln % 4)
        i += length + (-length % 4)
    return None


# Each attack comes from its own loopback address (127.0.0.2 ...), as attackers on a real
# network come from other addresses than the operator's MMEs; the legitimate load uses
# 127.0.0.1. Set per thread by `main`.
SOURCE = threading.local()


def connect(target, timeout=5.0):
    source = getattr(SOURCE, "address", None)
    s = socket.create_connection(target, timeout=timeout,
                                 source_address=(source, 0) if source else None)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def closed_by_server(sock, within):
    sock.settimeout(within)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False
    except OSError:
        return True


class Attack:
    def __init__(self, name):
        self.name = name
        self.sent = 0
        self.answers = {}
        self.closed = 0
        self.errors = []
        self.expected = True
        self.note = ""

    def answer(self, msg):
        rc = result_code(msg) if msg else None
        self.answers[str(rc)] = self.answers.get(str(rc), 0) + 1
        return rc

    def fail(self, why):
        self.expected = False
        self.errors.append(why)

    def summary(self):
        return {"sent": self.sent, "answers": self.answers, "closed_by_server": self.closed,
                "as_expected": self.expected, "problems": self.errors[:5], "note": self.note}


def opened(target, host):
    s = connect(target)
    s.sendall(cer(host))
    cea = read_message(s)
    rc = result_code(cea) if cea else None
    return s, rc


def connect_flood(a, target, until):
    held = []
    while time.time() < until:
        try:
            held.append(connect(target, 2.0))
            a.sent += 1
        except OSError:
            a.closed += 1
        if len(held) >= 100:
            for s in held:
                s.close()
            held = []
    for s in held:
        s.close()
    a.note = "connections opened without CER, 100 held at a time"


def slowloris(a, target, until):
    conns = []
    for _ in range(20):
        try:
            conns.append(connect(target))
        except OSError:
            a.closed += 1
    msg = cer("slow.hostile.example")
    i = 0
    while time.time() < until and conns and i < len(msg):
        for s in list(conns):
            try:
                s.sendall(msg[i:i + 1])
                a.sent += 1
            except OSError:
                conns.remove(s)
                a.closed += 1
        i += 1
        time.sleep(1.0)
    # The CER timer (10 s) closes what is left long before the CER is complete.
    for s in conns:
        if closed_by_server(s, 2.0):
            a.closed += 1
        s.close()
    if a.closed < 20 and i < len(msg):
        a.fail(f"only {a.closed} of 20 slow connections were closed")
    a.note = "one byte a second of a CER; the CER timer must close them"


def one_byte(a, target, until, imsi):
    host = "onebyte.hostile.example"
    s = connect(target)
    for b in cer(host):
        s.send(bytes([b]))
    cea = read_message(s)
    if a.answer(cea) != 2001:
        a.fail("CEA not 2001")
        return
    hbh = 10
    while time.time() < until and a.sent < 200:
        for b in air(host, imsi, hbh):
            s.send(bytes([b]))
        a.sent += 1
        if a.answer(read_message(s)) != 2001:
            a.fail("an AIR written byte by byte was not answered 2001")
            break
        hbh += 1
    s.close()
    a.note = "CER and AIRs one byte per write"


def never_read(a, target, until, imsi):
    host = "deaf.hostile.example"
    s, rc = opened(target, host)
    if rc != 2001:
        a.fail(f"CEA {rc}")
        return
    s.setblocking(False)
    hbh = 100
    request = b"".join(air(host, imsi, hbh + i) for i in range(64))
    stalled_since = None
    while time.time() < until:
        try:
            s.send(request)
            a.sent += 64
            stalled_since = None
        except BlockingIOError:
            stalled_since = stalled_since or time.time()
            time.sleep(0.05)
        except OSError:
            a.closed = 1
            break
    s.close()
    a.note = ("requests sent without reading a byte; closed by the server: "
              f"{'yes' if a.closed else 'no (its buffers are bounded: it stopped reading)'}")


def oversized(a, target, until):
    s, rc = opened(target, "big.hostile.example")
    if rc != 2001:
        a.fail(f"CEA {rc}")
        return
    # The largest length a header can announce: 16 MiB - 1.
    head = bytes([1]) + ((1 << 24) - 4).to_bytes(3, "big") + bytes([0xC0]) + AIR.to_bytes(3, "big")
    head += struct.pack("!III", S6A, 7, 7)
    try:
        s.sendall(head + b"\0" * 4096)
        a.sent += 1
    except OSError:
        pass
    if closed_by_server(s, 5.0):
        a.closed += 1
    else:
        a.fail("a 16 MiB announcement was not refused")
    s.close()
    a.note = "a header announcing 16 MiB - 4"


def malformed(a, target, until, imsi):
    host = "broken.hostile.example"
    s, rc = opened(target, host)
    if rc != 2001:
        a.fail(f"CEA {rc}")
        return
    hbh = 1000
    while time.time() < until and a.sent < 300:
        good = air(host, imsi, hbh)
        kind = a.sent % 3
        if kind == 0:  # an AVP length below its header
            bad = good[:20] + good[20:25] + (4).to_bytes(3, "big") + good[28:]
        elif kind == 1:  # an AVP running past the message
            bad = good[:-4] + (60).to_bytes(4, "big")
            bad = bad[:-12] + bad[-12:-7] + (400).to_bytes(3, "big") + bad[-4:]
        else:  # User-Name missing
            bad = message(AIR, S6A, [utf8(263, f"{host};{hbh}"), u32(277, 1), utf8(264, host),
                                     utf8(296, REALM), utf8(283, HSS_REALM),
                                     avp(1407, plmn_home(), TGPP)], hbh)
        s.sendall(bad)
        a.sent += 1
        answer = read_message(s)
        if answer is None:
            a.closed += 1
            break
        rc = a.answer(answer)
        if rc is None or rc < 3000:
            a.fail(f"malformed AIR answered {rc}")
        hbh += 1
    s.close()
    a.note = "AVP length below header / past the message / missing User-Name"


def spoofed_origin(a, target, until, imsi, victim):
    host = "spoof.hostile.example"
    s, rc = opened(target, host)
    if rc != 2001:
        a.fail(f"CEA {rc}")
        return
    hbh = 2000
    while time.time() < until and a.sent < 100:
        s.sendall(air(victim, imsi, hbh))
        a.sent += 1
        if a.answer(read_message(s)) != 3010:
            a.fail("an AIR in another peer's name was not refused with 3010")
        hbh += 1
    s.close()


def forged_ulr(a, target, until, imsi, victim):
    host = "forger.hostile.example"
    s, rc = opened(target, host)
    if rc != 2001:
        a.fail(f"CEA {rc}")
        return
    hbh = 3000
    while time.time() < until and a.sent < 100:
        s.sendall(ulr(victim, imsi, hbh))
        a.sent += 1
        if a.answer(read_message(s)) != 3010:
            a.fail("a ULR in another MME's name was not refused with 3010")
        hbh += 1
    s.close()


def election(a, target, until, victim):
    while time.time() < until and a.sent < 50:
        try:
            s, rc = opened(target, victim)
        except OSError:
            a.closed += 1
            continue
        a.sent += 1
        a.answers[str(rc)] = a.answers.get(str(rc), 0) + 1
        if rc not in (4003, 3010):
            a.fail(f"a second CER for a connected host got {rc}")
        s.close()
        time.sleep(0.1)


def replayed_auts(a, target, until, imsi):
    host = "replay.hostile.example"
    s, rc = opened(target, host)
    if rc != 2001:
        a.fail(f"CEA {rc}")
        return
    pair = os.urandom(16) + os.urandom(14)
    hbh = 4000
    while time.time() < until and a.sent < 200:
        s.sendall(air(host, imsi, hbh, resync=pair))
        a.sent += 1
        rc = a.answer(read_message(s))
        if rc != 2001:
            a.fail(f"a replayed AUTS got {rc}, not fresh vectors")
        hbh += 1
    s.close()
    a.note = "fresh vectors each time; the SQN is checked by the caller"


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    host, port = sys.argv[1].rsplit(":", 1)
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit("hostile_peers.py: loopback addresses only")
    target = (host, int(port))
    until = time.time() + float(sys.argv[2])
    imsi, victim = sys.argv[3], sys.argv[4]
    plan = [
        ("connect_flood", connect_flood, ()),
        ("slowloris", slowloris, ()),
        ("one_byte", one_byte, (imsi,)),
        ("never_read", never_read, (imsi,)),
        ("oversized", oversized, ()),
        ("malformed", malformed, (imsi,)),
        ("spoofed_origin", spoofed_origin, (imsi, victim)),
        ("forged_ulr", forged_ulr, (imsi, victim)),
        ("election", election, (victim,)),
        ("replayed_auts", replayed_auts, (imsi,)),
    ]
    # ATTACKS (environment): a comma-separated subset, to see what each costs the others.
    chosen = [a for a in os.environ.get("ATTACKS", "").split(",") if a]
    unknown = set(chosen) - {name for name, _, _ in plan}
    if unknown:
        sys.exit(f"hostile_peers.py: unknown attacks {sorted(unknown)}")
    attacks, threads = [], []
    for n, (name, fn, args) in enumerate(plan):
        if chosen and name not in chosen:
            continue
        a = Attack(name)
        attacks.append(a)

        def run(fn=fn, a=a, args=args, source=f"127.0.0.{n + 2}"):
            SOURCE.address = source if host.startswith("127.") else None
            try:
                fn(a, target, until, *args)
            except Exception as e:  # noqa: BLE001 - recorded, not raised
                a.fail(f"{type(e).__name__}: {e}")

        t = threading.Thread(target=run, name=name, daemon=True)
        t.start()
        threads.append(t)
    for t in threads:
        t.join(timeout=float(sys.argv[2]) + 30)
    print(json.dumps({a.name: a.summary() for a in attacks}, indent=1))


if __name__ == "__main__":
    main()
