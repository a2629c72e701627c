"""The need tests use the small hand-made store (`small_db`, tests/conftest.py) on its day."""

from tests.conftest import SMALL_TODAY as TODAY  # noqa: F401
