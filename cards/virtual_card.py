"""The virtual card: a process that plays a card in vsmartcard's vpcd: a CPU
card, or a memory card (SLE4442 / SLE4428) behind an ACS reader's
pseudo-APDUs (cards/acs.py, cards/memory_chip.py).

It connects to vpcd's socket and answers its messages (2-byte big-endian
length, then the payload; a 1-byte payload is a control: 0 power off,
1 power on, 2 reset, 4 send the ATR; anything longer is an APDU). It keeps
a small ISO 7816-4 file system (SELECT, READ BINARY, UPDATE BINARY,
CREATE FILE) and saves it to an image file after every change, so a card
can be taken out and put back later, or carried to the virtual meter.

While the reader has it powered off (between two of the station's
sessions) the card may be used elsewhere: at the next power-on it takes up
the image file again if something else (the virtual meter) wrote it.

For fault tests it can vanish at its Nth APDU: before applying it, after
applying it but before answering, or half-way through an UPDATE (a torn
write), as a card pulled from the reader would.

    python -m cards.virtual_card --image card.json [--port 35963] [--vanish-at N --vanish-mode torn]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import struct
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ATR = bytes.fromhex("3B8C800150454356454E44494E4731A5")  # same for every card of a batch
MF = "3F00"
SW_OK = b"\x90\x00"


def sw(word: int) -> bytes:
    return struct.pack(">H", word)


@dataclass
class CardImage:
    """Files by path ("3F00/1001/0001" -> bytes); DFs are paths without data."""

    dfs: set[str] = field(default_factory=lambda: {MF})
    efs: dict[str, bytearray] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"format": "vending-virtual-card/1", "dfs": sorted(self.dfs),
                           "efs": {k: v.hex() for k, v in sorted(self.efs.items())}}, indent=1)

    @classmethod
    def from_json(cls, text: str) -> CardImage:
        d = json.loads(text)
        return cls(set(d["dfs"]), {k: bytearray.fromhex(v) for k, v in d["efs"].items()})

    @classmethod
    def load(cls, path: Path) -> CardImage:
        return cls.from_json(path.read_text()) if path.exists() else cls()

    def save(self, path: Path) -> None:
        """Write-then-rename with fsync: a killed process leaves the old or the new image."""
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "w") as f:
            f.write(self.to_json())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)


class VirtualCard:
    """The ISO 7816-4 subset the station's CPU-card profile uses."""

    def __init__(self, image: CardImage, on_change=None, tear_at: int | None = None):
        self.image = image
        self.on_change = on_change or (lambda: None)
        self.tear_at = tear_at  # bytes a torn UPDATE keeps (None: half of them)
        self.reset()

    def reset(self) -> None:
        self.current_df, self.current_ef = MF, None

    def process(self, apdu: bytes, torn: bool = False) -> bytes:
        if len(apdu) < 4:
            return sw(0x6700)
        cla, ins, p1, p2 = apdu[:4]
        if cla not in (0x00, 0x80):
            return sw(0x6E00)
        lc, data, le = self._body(apdu[4:])
        if lc is None:
            return sw(0x6700)
        handler = {0xA4: self._select, 0xB0: self._read, 0xD6: self._update, 0xE0: self._create}
        if ins not in handler:
            return sw(0x6D00)
        return handler[ins](p1, p2, data, le, torn)

    @staticmethod
    def _body(body: bytes):
        if not body:
            return 0, b"", None
        if len(body) == 1:
            return 0, b"", body[0] or 256
        lc = body[0]
        if len(body) == 1 + lc:
            return lc, body[1:], None
        if len(body) == 2 + lc:
            return lc, body[1:1 + lc], body[1 + lc] or 256
        return None, b"", None

    def _select(self, p1, p2, data, le, torn):
        if p1 == 0x00 and len(data) == 2:  # by file id, in the current DF
            fid = data.hex().upper()
            target = MF if fid == MF else f"{self.current_df}/{fid}"
        elif p1 == 0x08 and data and len(data) % 2 == 0:  # by path from the MF
            target = "/".join([MF] + [data[i:i + 2].hex().upper() for i in range(0, len(data), 2)])
        else:
            return sw(0x6A86)
        if target in self.image.dfs:
            self.current_df, self.current_ef = target, None
        elif target in self.image.efs:
            self.current_df, self.current_ef = target.rsplit("/", 1)[0], target
        else:
            return sw(0x6A82)
        return SW_OK

    def _ef(self, p1):
        if p1 & 0x80:  # short file identifiers are not supported by this card
            return None, sw(0x6A86)
        if self.current_ef is None:
            return None, sw(0x6985)
        return self.image.efs[self.current_ef], None

    def _read(self, p1, p2, data, le, torn):
        ef, err = self._ef(p1)
        if err:
            return err
        offset = (p1 << 8) | p2
        if offset > len(ef):
            return sw(0x6B00)
        length = len(ef) - offset if le is None else le
        if offset + length > len(ef):
            return bytes(ef[offset:]) + sw(0x6282)  # end of file reached before Le bytes
        return bytes(ef[offset:offset + length]) + SW_OK

    def _update(self, p1, p2, data, le, torn):
        ef, err = self._ef(p1)
        if err:
            return err
        offset = (p1 << 8) | p2
        if offset + len(data) > len(ef):
            return sw(0x6B00)
        if torn:  # the card lost power part-way through the write: a prefix stuck
            data = data[:len(data) // 2 if self.tear_at is None else min(self.tear_at, len(data))]
        ef[offset:offset + len(data)] = data
        self.on_change()
        return SW_OK

    def _create(self, p1, p2, data, le, torn):
        """CREATE FILE with a minimal FCP: 62 L [80 02 size] 82 01 type 83 02 fid."""
        try:
            tlv = self._tlv(data[2:2 + data[1]]) if data[:1] == b"\x62" else None
            fid = tlv[0x83].hex().upper()
            kind = tlv[0x82][0]
        except (KeyError, IndexError, TypeError):
            return sw(0x6A80)
        path = f"{self.current_df}/{fid}"
        if path in self.image.dfs or path in self.image.efs:
            return sw(0x6A89)
        if kind == 0x38:
            self.image.dfs.add(path)
            self.current_df, self.current_ef = path, None
        else:
            size = int.from_bytes(tlv.get(0x80, b"\x00\x00"), "big")
            self.image.efs[path] = bytearray(size)
            self.current_ef = path
        self.on_change()
        return SW_OK

    @staticmethod
    def _tlv(data: bytes) -> dict[int, bytes]:
        out, i = {}, 0
        while i + 2 <= len(data):
            tag, n = data[i], data[i + 1]
            out[tag] = data[i + 2:i + 2 + n]
            i += 2 + n
        return out


QUICKACK = getattr(socket, "TCP_QUICKACK", None)


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
        if QUICKACK is not None:  # acknowledge now: vpcd waits for it before sending more
            sock.setsockopt(socket.IPPROTO_TCP, QUICKACK, 1)
    return buf


MEMORY_ATR = {"sle4442": bytes.fromhex("3B04A2131091"), "sle4428": bytes.fromhex("3B0492231091")}


def open_card(image_path: Path, kind: str = "cpu", tear_at: int | None = None):
    """The card for an image file (a new file: a blank card of ``kind``), and its ATR."""
    from cards.acs import AcsReaderEmulation
    from cards.memory_chip import MemoryChip, MemoryImage, is_memory_image
    if is_memory_image(image_path) or (kind != "cpu" and not image_path.exists()):
        mem = (MemoryImage.from_json(image_path.read_text()) if image_path.exists()
               else MemoryImage.blank(kind))
        mem.save(image_path)
        chip = MemoryChip(mem, on_change=lambda: mem.save(image_path))
        return AcsReaderEmulation(chip, tear_at), MEMORY_ATR[mem.chip]
    image = CardImage.load(image_path)
    return VirtualCard(image, on_change=lambda: image.save(image_path), tear_at=tear_at), ATR


def _connect(host: str, port: int, connect_timeout: float) -> socket.socket | None:
    """A connection to vpcd's slot, retried until ``connect_timeout``."""
    deadline = time.monotonic() + connect_timeout
    while True:
        try:
            sock = socket.create_connection((host, port), timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline:
                return None
            time.sleep(0.1)
    sock.settimeout(None)
    # Small request/response messages: without this, Nagle's algorithm and
    # delayed ACKs add ~40 ms to every APDU.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells that the image file was written by someone else."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def serve(image_path: Path, host: str, port: int, vanish_at: int | None = None,
          vanish_mode: str = "before", connect_timeout: float = 20.0,
          tear_at: int | None = None, kind: str = "cpu") -> str:
    """Be the card in vpcd's slot until vpcd hangs up or the card vanishes."""
    card, atr = open_card(image_path, kind, tear_at)
    stamp = _stamp(image_path)
    sock = _connect(host, port, connect_timeout)
    if sock is None:
        return "no reader"
    count = 0
    with sock:
        while True:
            head = _recv_exact(sock, 2)
            msg = None if head is None else _recv_exact(sock, struct.unpack(">H", head)[0])
            if msg is None:
                return "reader closed"
            if os.environ.get("VENDING_CARD_DEBUG"):
                print("msg", msg.hex(), flush=True)
            if len(msg) == 1:  # vpcd's control byte: power off/on, reset, ATR
                if msg[0] in (1, 2) and _stamp(image_path) != stamp:  # it was at the meter
                    card, atr = open_card(image_path, kind, tear_at)
                    stamp = _stamp(image_path)
                if msg[0] in (0, 1, 2):
                    card.reset()
                elif msg[0] == 4:
                    sock.sendall(struct.pack(">H", len(atr)) + atr)
                continue
            count += 1
            if vanish_at is not None and count == vanish_at:
                if vanish_mode in ("after", "torn"):
                    card.process(msg, torn=vanish_mode == "torn")
                return f"vanished at APDU {count} ({vanish_mode})"
            resp = card.process(msg)
            stamp = _stamp(image_path)  # its own writes are no news
            sock.sendall(struct.pack(">H", len(resp)) + resp)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="A virtual prepaid card in vpcd's reader slot.")
    ap.add_argument("--image", required=True, type=Path, help="card image file (created if absent)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=int(os.environ.get("VENDING_VPCD_PORT", 35963)))
    ap.add_argument("--vanish-at", type=int, help="leave the reader at this APDU (1-based)")
    ap.add_argument("--vanish-mode", choices=["before", "after", "torn"], default="before")
    ap.add_argument("--kind", choices=["cpu", "sle4442", "sle4428"], default="cpu",
                    help="the kind of a new (blank) card; an existing image keeps its own")
    ap.add_argument("--tear-at", type=int, help="torn: bytes of the UPDATE that stick "
                    "(default: half)")
    args = ap.parse_args(argv)
    print(serve(args.image, args.host, args.port, args.vanish_at, args.vanish_mode,
                tear_at=args.tear_at, kind=args.kind), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
