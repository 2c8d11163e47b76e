"""Keys and encryption for cards, with ``cryptography``.

- Each key version has a 32-byte master vending key. It never leaves the
  station process in clear: at rest it is wrapped (AES-256-GCM) under a key
  derived from an administrator's passphrase with scrypt.
- Each meter gets its own key, diversified from the master with HKDF over
  the meter number and key version. HKDF is one-way: a meter key (which a
  meter must hold) reveals neither the master nor any other meter's key.
- From a meter key, HKDF derives one key per purpose: the purchase record is
  sealed with AES-256-GCM, the identity and the meter's write-back carry an
  HMAC-SHA256 tag (truncated to 16 bytes).
"""

from __future__ import annotations

import hmac as std_hmac
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as c_hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from cards.errors import CardAuthError
from vending_app.core.errors import AuthenticationFailed

KEY_LEN = 32
TAG_LEN = 16
NONCE_LEN = 12
WRAP_MAGIC = b"VSK1"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


def new_master_key() -> bytes:
    return os.urandom(KEY_LEN)


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_LEN, salt=salt, info=info).derive(key)


def meter_key(master: bytes, key_version: int, meter_number: str) -> bytes:
    return _hkdf(master, b"vending-station/meter-key/v1",
                 f"meter={meter_number};version={key_version}".encode())


def card_psc(master: bytes, key_version: int, serial: str, length: int) -> bytes:
    """A memory card's PSC: per card (its serial), from the office's master
    key, so a PSC learnt from one card (it crosses the reader's contacts in
    clear) opens no other."""
    return _hkdf(master, b"vending-station/card-psc/v1",
                 f"serial={serial};version={key_version}".encode())[:length]


def audit_key(master: bytes, key_version: int) -> bytes:
    """The key that seals the audit chain: derived from the master key (so it
    is held, wrapped, by the key store and nowhere else), apart from every
    meter key."""
    return _hkdf(master, b"vending-station/audit-key/v1", f"version={key_version}".encode())


def audit_seal(key: bytes, message: bytes) -> str:
    """HMAC-SHA256 over an audit chain message, in hex (64 characters)."""
    return std_hmac.new(key, message, "sha256").hexdigest()


def purpose_key(meter_key_: bytes, purpose: str) -> bytes:
    return _hkdf(meter_key_, b"vending-station/purpose/v1", purpose.encode())


def mac(key: bytes, purpose: str, data: bytes) -> bytes:
    h = c_hmac.HMAC(purpose_key(key, purpose), hashes.SHA256())
    h.update(data)
    return h.finalize()[:TAG_LEN]


def check_mac(key: bytes, purpose: str, data: bytes, tag: bytes, what: str) -> None:
    if not std_hmac.compare_digest(mac(key, purpose, data), tag):
        raise CardAuthError("The card's {what} fails authentication: it was edited, copied from "
                            "another card, or written with another key.", what=what)


def seal(key: bytes, purpose: str, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_LEN)
    return nonce + AESGCM(purpose_key(key, purpose)).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, purpose: str, blob: bytes, aad: bytes, what: str) -> bytes:
    if len(blob) < NONCE_LEN + TAG_LEN:
        raise CardAuthError("The card's {what} is too short to be genuine.", what=what)
    try:
        return AESGCM(purpose_key(key, purpose)).decrypt(blob[:NONCE_LEN], blob[NONCE_LEN:], aad)
    except InvalidTag:
        raise CardAuthError("The card's {what} fails authentication: it was edited, copied from "
                            "another card or meter, or written with another key.",
                            what=what) from None


def _kek(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_LEN, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def wrap_master(master: bytes, passphrase: str, key_version: int,
                n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    """The master key as stored: magic, scrypt parameters, salt, sealed key."""
    if len(passphrase) < 10:
        from vending_app.core.errors import ValidationError
        raise ValidationError("A key passphrase needs at least 10 characters.")
    salt = os.urandom(16)
    header = WRAP_MAGIC + struct.pack(">IBBB", n.bit_length() - 1, r, p, key_version) + salt
    nonce = os.urandom(NONCE_LEN)
    return header + nonce + AESGCM(_kek(passphrase, salt, n, r, p)).encrypt(nonce, master, header)


def unwrap_master(blob: bytes, passphrase: str) -> tuple[int, bytes]:
    """Returns (key version, master key); a wrong passphrase is refused."""
    if len(blob) < 4 + 7 + 16 + NONCE_LEN + KEY_LEN + TAG_LEN or blob[:4] != WRAP_MAGIC:
        raise AuthenticationFailed("This is not a wrapped vending key.")
    log_n, r, p, version = struct.unpack(">IBBB", blob[4:11])
    header, salt = blob[:27], blob[11:27]
    nonce, sealed = blob[27:27 + NONCE_LEN], blob[27 + NONCE_LEN:]
    try:
        master = AESGCM(_kek(passphrase, salt, 1 << log_n, r, p)).decrypt(nonce, sealed, header)
    except InvalidTag:
        raise AuthenticationFailed("Wrong key passphrase.") from None
    return version, master
