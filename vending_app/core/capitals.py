"""Amounts in Chinese capital numerals (大写金额), as invoices and cheques
write them so that a figure cannot be altered: 壹佰元零伍分, 壹拾元整.

Rules followed (the banks' standard writing):
- digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 within a group of four, groups
  万 and 亿, then 元, 角, 分;
- one 零 stands for any run of zeros between non-zero digits (also across a
  万 or 亿 group boundary), none at the end of the integer part;
- whole yuan end in 整, an amount ending at the jiao or fen does not (the
  standard leaves 整 after 角 optional: we leave it out); with fen but no
  jiao, 零 stands in the jiao place (壹元零伍分); a yuan figure ending in 0
  followed by jiao reads one 零 (壹拾元零伍角); below one yuan it starts at
  the jiao or fen (伍角, 壹分); zero is 零元整.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def _group(n: int) -> str:
    """0 < n < 10000, written with its units; inner zeros as one 零."""
    out, zero = [], False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(DIGITS[d] + UNITS[pos])
    return "".join(out)


def _integer(n: int) -> str:
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > len(GROUPS):
        raise ValueError("amount too large")
    out = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        # A zero is read when the group is short of a thousands digit and
        # something higher was written, or when whole groups were skipped.
        if out and (g < 1000 or groups[i + 1] == 0):
            out.append("零")
        out.append(_group(g) + GROUPS[i])
    return "".join(out)


def to_capitals(amount: Decimal) -> str:
    """The amount in capital numerals; negative amounts are prefixed 负."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        return "负" + to_capitals(-value)
    fen_total = int(value * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    head = _integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return head + "整"
    tail = ""
    if jiao:
        tail += DIGITS[jiao] + "角"
    elif head:
        tail += "零"
    if fen:
        tail += DIGITS[fen] + "分"
    if head and yuan % 10 == 0 and jiao:
        tail = "零" + tail  # 壹拾元零伍角: the zero yuan digit is read
    return head + tail
