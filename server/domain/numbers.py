"""Rounding exact amounts of leave. Pure. Never Python's round(): half-up (or down, or up)
on a step, from an exact Fraction, and written plainly (20, not 2E+1)."""

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "down": ROUND_FLOOR, "up": ROUND_CEILING}


def round_step(value: Fraction, step: Decimal, mode: str = "half_up") -> Decimal:
    """`value` rounded to a multiple of `step` (ties and direction per `mode`, as the
    Decimal modes of `ROUNDING_MODES` do: half away from zero, floor, ceiling), on exact
    integers: no quotient is ever cut to a precision first."""
    ratio = Fraction(value) / Fraction(step)
    n, d = ratio.numerator, ratio.denominator  # d > 0
    if mode == "down":
        steps = n // d
    elif mode == "up":
        steps = -(-n // d)
    elif mode == "half_up":
        steps = (2 * abs(n) + d) // (2 * d)
        steps = steps if n >= 0 else -steps
    else:
        raise ValueError(f"unknown rounding mode: {mode!r}")
    return plain(Decimal(steps) * step)


def plain(value: Decimal) -> Decimal:
    """`value` without trailing zeros or an exponent: 20, 16.8, 0.25."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def plain_text(value) -> str:
    """A number (Decimal, int, float) as stored in JSON: "8", "7.5", "0.25", never "8.00"
    or "2E+1"."""
    return format(plain(Decimal(str(value))), "f")


def as_decimal(value: Fraction) -> Decimal:
    """A Fraction that is a multiple of a decimal step, as a plain Decimal."""
    return plain(Decimal(value.numerator) / Decimal(value.denominator))
